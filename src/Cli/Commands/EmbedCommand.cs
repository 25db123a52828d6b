using System.CommandLine;
using LlamaEmbed.Cli.Infrastructure;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed embed -m MODEL [--prompt NAME] [--dim N] [--no-normalize] [--no-truncate] [--format json|jsonl|csv]
/// [--input FILE] [TEXT…]</c>: embeds texts from the arguments, or one per line from <c>--input</c> or standard input.
/// </summary>
internal static class EmbedCommand
{
    /// <summary>Texts per queued chunk: small enough for a smooth progress bar, large enough to fill a call.</summary>
    private const int ChunkSize = 64;

    /// <summary>Builds the command; <paramref name="standardInput"/> replaces the console's input (for tests).</summary>
    public static Command Create(TextReader? standardInput = null)
    {
        Option<FileInfo> model = new("--model", "-m") { Description = "The GGUF embedding model.", Required = true };
        Option<string?> prompt = new("--prompt") { Description = "A prompt name of the model (e.g. query, document, STS); default: the model's default prompt." };
        Option<int?> dimensions = new("--dim") { Description = "Matryoshka truncation to N dimensions (re-normalized)." };
        Option<bool> noNormalize = new("--no-normalize") { Description = "Print raw pooled vectors instead of L2-normalized ones." };
        Option<bool> noTruncate = new("--no-truncate") { Description = "Fail on a text longer than the model's limit instead of truncating it." };
        Option<EmbeddingOutputFormat> format = new("--format") { Description = "Output format: json (OpenAI response shape), jsonl or csv.", DefaultValueFactory = _ => EmbeddingOutputFormat.Json };
        Option<FileInfo?> input = new("--input", "-i") { Description = "Read texts from FILE, one per line." };
        Option<int?> threads = new("--threads", "-t") { Description = "Compute threads (default: all cores)." };
        Option<int?> batchTokens = new("--batch-tokens") { Description = "Tokens per llama_decode call, which also caps a text's length (default: from a 1 GiB memory budget; 32-128 on edge devices, where the process peaks at about the model file + 95 MiB)." };
        Option<LlamaBackend?> backend = new("--backend") { Description = "cpu, cuda or auto (default: cpu)." };
        Option<bool> noProgress = new("--no-progress") { Description = "Never show the progress bar (it goes to stderr for 64 texts or more)." };
        Argument<string[]> texts = new("text") { Description = "Texts to embed; without any, lines are read from --input or standard input.", Arity = ArgumentArity.ZeroOrMore };
        Command command = new("embed", "Embed texts with a GGUF embedding model and print the vectors.")
        {
            model, prompt, dimensions, noNormalize, noTruncate, format, input, threads, batchTokens, backend, noProgress, texts,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            var settings = new EmbedSettings(
                parseResult.GetRequiredValue(model),
                parseResult.GetValue(prompt),
                parseResult.GetValue(dimensions),
                !parseResult.GetValue(noNormalize),
                !parseResult.GetValue(noTruncate),
                parseResult.GetValue(format),
                parseResult.GetValue(threads),
                parseResult.GetValue(batchTokens),
                parseResult.GetValue(backend),
                !parseResult.GetValue(noProgress));
            return CommandErrors.RunAsync(
                async () => await RunAsync(
                    settings,
                    await TextInput.ReadAsync(parseResult.GetValue(texts), parseResult.GetValue(input), standardInput ?? Console.In, cancellationToken).ConfigureAwait(false),
                    output,
                    error,
                    cancellationToken).ConfigureAwait(false),
                error);
        });
        return command;
    }

    /// <summary>Embeds <paramref name="texts"/> and prints them; returns the exit code.</summary>
    internal static async Task<int> RunAsync(EmbedSettings settings, IReadOnlyList<string> texts, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Dimensions is < 1)
        {
            throw new ArgumentException($"--dim must be at least 1; it is {settings.Dimensions}.");
        }
        await using EmbeddingModel model = await EmbeddingModel.LoadAsync(
            settings.Model.FullName,
            new EmbeddingModelOptions { Threads = settings.Threads, BatchTokenBudget = settings.BatchTokens, Backend = settings.Backend },
            cancellationToken).ConfigureAwait(false);
        EmbeddingPrompt? prompt = settings.Prompt is null ? null : EmbeddingPrompt.Named(settings.Prompt);
        var options = new EmbedOptions { Dimensions = settings.Dimensions, Normalize = settings.Normalize, Truncate = settings.Truncate };

        var chunks = new List<Task<IReadOnlyList<EmbeddingResult>>>();
        for (int start = 0; start < texts.Count; start += ChunkSize)
        {
            string[] chunk = [.. texts.Skip(start).Take(ChunkSize)];
            chunks.Add(model.EmbedAsync(chunk, prompt, options, cancellationToken));
        }
        var writer = new EmbeddingOutputWriter(output, settings.Format, model.Info.Name);
        ProgressBar? progress = ProgressBar.For(error, texts.Count, "texts", settings.Progress);
        int done = 0;
        foreach (Task<IReadOnlyList<EmbeddingResult>> chunk in chunks)
        {
            IReadOnlyList<EmbeddingResult> results = await chunk.ConfigureAwait(false);
            writer.Add(done, results);
            done += results.Count;
            progress?.Report(done);
        }
        progress?.Complete();
        writer.Complete();
        return 0;
    }

    /// <summary>The parsed options of one <c>embed</c> run.</summary>
    internal sealed record EmbedSettings(
        FileInfo Model,
        string? Prompt,
        int? Dimensions,
        bool Normalize,
        bool Truncate,
        EmbeddingOutputFormat Format,
        int? Threads,
        int? BatchTokens,
        LlamaBackend? Backend,
        bool Progress);
}
