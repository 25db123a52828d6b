using System.CommandLine;
using System.Globalization;
using LlamaEmbed.Cli.Infrastructure;
using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed convert HF_DIR -o OUT.gguf [--type F32|F16|BF16|Q8_0|Q4_0] [--attention causal|bidirectional]
/// [--pooling mean|cls|last|none] [--lora DIR] [--profile NAME] [--verify]</c>: converts a Hugging Face checkpoint
/// to GGUF without Python, streaming one tensor at a time with a progress bar on stderr.
/// </summary>
internal static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        Argument<DirectoryInfo> source = new("hf-dir") { Description = "The Hugging Face model folder (config.json, *.safetensors, tokenizer files)." };
        Option<FileInfo> output = new("--output", "-o") { Description = "The GGUF file to write.", Required = true };
        Option<string?> type = new("--type") { Description = "Weight type: F32, F16, BF16, Q8_0 or Q4_0 (default: BF16 for a BF16 checkpoint, else F16)." };
        Option<string?> attention = new("--attention") { Description = "gemma3 outputs only: causal or bidirectional (default: the checkpoint's setting)." };
        Option<string?> pooling = new("--pooling") { Description = "Record this pooling instead of the sentence-transformers one: mean, cls, last or none." };
        Option<DirectoryInfo?> lora = new("--lora") { Description = "A PEFT LoRA adapter folder to merge (default: one found in the model folder)." };
        Option<string?> profile = new("--profile") { Description = "Record this llamaembed profile instead of the inferred one." };
        Option<bool> verify = new("--verify") { Description = "After writing, compare tokenization with the source tokenizer and run the model once." };
        Option<int?> threads = new("--threads", "-t") { Description = "Encoding threads (default: all cores)." };
        Option<bool> noProgress = new("--no-progress") { Description = "Do not draw the progress bar." };
        Command command = new("convert", "Convert a Hugging Face checkpoint (safetensors) to GGUF, without Python.")
        {
            source, output, type, attention, pooling, lora, profile, verify, threads, noProgress,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            return CommandErrors.RunAsync(
                () => RunAsync(
                    parseResult.GetRequiredValue(source).FullName,
                    parseResult.GetRequiredValue(output).FullName,
                    new ConversionOptions
                    {
                        OutputType = ParseType(parseResult.GetValue(type)),
                        Attention = ParseAttention(parseResult.GetValue(attention)),
                        Pooling = parseResult.GetValue(pooling)?.ToLowerInvariant(),
                        LoraDirectory = parseResult.GetValue(lora)?.FullName,
                        Profile = parseResult.GetValue(profile),
                        MaxDegreeOfParallelism = parseResult.GetValue(threads) ?? -1,
                    },
                    parseResult.GetValue(verify),
                    !parseResult.GetValue(noProgress) && !Console.IsErrorRedirected,
                    stdout,
                    stderr,
                    cancellationToken),
                stderr);
        });
        return command;
    }

    /// <summary>Converts, prints a summary (and the verification), and returns the exit code.</summary>
    internal static async Task<int> RunAsync(string source, string output, ConversionOptions options, bool verify, bool progressBar,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ProgressBar? bar = ProgressBar.ForWork(stderr, "convert", progressBar);
        IProgress<ConversionProgress>? progress = bar?.Adapt<ConversionProgress>(p => (p.Fraction, $"{p.TensorIndex + 1}/{p.TensorCount} {p.Tensor}"));
        ConversionResult result;
        try
        {
            result = await Task.Run(() => GgufConverter.Convert(source, output, options, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            bar?.Complete();
        }
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {result.OutputPath}: {result.Architecture}, profile {result.Profile}, {result.TensorCount} tensors, {result.VocabularySize} tokens, {result.FileBytes / (1024.0 * 1024.0):F1} MiB")).ConfigureAwait(false);
        foreach (string note in result.Notes)
        {
            await stdout.WriteLineAsync($"  note: {note}").ConfigureAwait(false);
        }
        if (!verify)
        {
            return 0;
        }
        VerificationReport report = await Task.Run(() => ConversionVerifier.Verify(source, output), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"verify: {report.TextCount - report.Mismatches.Count}/{report.TextCount} texts tokenize identically ({report.SourceTokenizer} vs llama.cpp); model ran: {report.EmbeddingLength}-d vector{(report.EmbeddingFinite ? "" : " with non-finite or all-zero values")}")).ConfigureAwait(false);
        foreach (TokenizationMismatch mismatch in report.Mismatches)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  mismatch at token {mismatch.FirstDifference}: \"{mismatch.Text}\" source [{string.Join(' ', mismatch.Source)}] llama.cpp [{string.Join(' ', mismatch.LlamaCpp)}]")).ConfigureAwait(false);
        }
        if (!report.Passed)
        {
            await stderr.WriteLineAsync($"llamaembed: --verify failed: {report.Mismatches.Count} tokenization mismatch(es){(report.EmbeddingFinite ? "" : ", unusable model output")}.").ConfigureAwait(false);
            return CommandErrors.Failure;
        }
        return 0;
    }

    private static GgmlType? ParseType(string? text) => text?.ToUpperInvariant() switch
    {
        null => null,
        "F32" => GgmlType.F32,
        "F16" => GgmlType.F16,
        "BF16" => GgmlType.BF16,
        "Q8_0" => GgmlType.Q8_0,
        "Q4_0" => GgmlType.Q4_0,
        _ => throw new ArgumentException($"--type {text}: expected F32, F16, BF16, Q8_0 or Q4_0."),
    };

    private static AttentionMode? ParseAttention(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "causal" => AttentionMode.Causal,
        "bidirectional" => AttentionMode.Bidirectional,
        _ => throw new ArgumentException($"--attention {text}: expected causal or bidirectional."),
    };
}
