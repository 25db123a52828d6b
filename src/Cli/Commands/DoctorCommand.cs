using System.CommandLine;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LlamaEmbed.Embeddings;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed doctor [--backend cpu|cuda|auto]</c>: what this machine runs (platform, the CPU variant llama.cpp
/// picked, CUDA and why not, library paths and versions), then a self-test that builds a small synthetic model,
/// embeds a sentence and prints the time. Exit code 1 on any failure.
/// </summary>
internal static class DoctorCommand
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog.";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        Option<LlamaBackend> backend = new("--backend")
        {
            Description = "Backend to load: cpu (default), cuda, or auto (CUDA when usable, else CPU with the reason).",
            DefaultValueFactory = _ => LlamaBackend.Cpu,
        };
        Command command = new("doctor", "Check the native runtime on this machine and run a self-test embedding.") { backend };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(
            () => RunAsync(parseResult.GetValue(backend), parseResult.InvocationConfiguration.Output, cancellationToken),
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Prints the environment report and runs the self-test; 0 when everything passed.</summary>
    internal static async Task<int> RunAsync(LlamaBackend backend, TextWriter output, CancellationToken cancellationToken)
    {
        NativeRuntime.Initialize(new NativeRuntimeOptions { Backend = backend });
        NativeRuntimeInfo info = NativeRuntime.Describe();
        output.WriteLine("llamaembed doctor");
        Row(output, "platform", $"{RuntimeInformation.RuntimeIdentifier}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {Environment.ProcessorCount} logical cores");
        Row(output, "llama.cpp", $"{info.LlamaCppVersion} from {info.LibraryDirectory}");
        foreach (string file in info.LibraryFiles)
        {
            Row(output, "library", file);
        }
        Row(output, "cpu variant", info.CpuVariantFile is null ? "(not reported)" : Path.GetFileName(info.CpuVariantFile));
        Row(output, "cpu features", info.CpuFeatures.Count == 0 ? "(none reported)" : string.Join(' ', info.CpuFeatures));
        Row(output, "backend", info.Backend == info.RequestedBackend ? $"{info.Backend}" : $"{info.Backend} (asked for {info.RequestedBackend})");
        Row(output, "cuda", info.CudaUnavailableReason is null ? "available" : $"not used: {info.CudaUnavailableReason}");
        foreach (NativeDeviceInfo device in info.Devices)
        {
            Row(output, "device", $"{device.Name} ({device.Type}): {device.Description}");
        }

        output.WriteLine("self-test");
        string folder = Directory.CreateTempSubdirectory("llamaembed-doctor-").FullName;
        try
        {
            string path = Path.Combine(folder, "tiny-embeddinggemma.gguf");
            var build = Stopwatch.StartNew();
            SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), path);
            Row(output, "model", $"synthetic gemma-embedding (random weights) written in {build.Elapsed.TotalMilliseconds:F0} ms");

            var load = Stopwatch.StartNew();
            await using EmbeddingModel model = await EmbeddingModel.LoadAsync(path, new EmbeddingModelOptions { Backend = backend }, cancellationToken).ConfigureAwait(false);
            Row(output, "load", $"{load.Elapsed.TotalMilliseconds:F0} ms, profile {model.Info.Profile}, {model.Info.Dimensions}-d");

            // The first call also creates the llama.cpp context and reserves its graph; the second is the steady state.
            var cold = Stopwatch.StartNew();
            EmbeddingResult first = await model.EmbedQueryAsync(Sentence, cancellationToken: cancellationToken).ConfigureAwait(false);
            cold.Stop();
            var warm = Stopwatch.StartNew();
            EmbeddingResult result = await model.EmbedQueryAsync(Sentence, cancellationToken: cancellationToken).ConfigureAwait(false);
            warm.Stop();
            float norm = TensorPrimitives.Norm(result.Vector.Span);
            float agreement = TensorPrimitives.CosineSimilarity(first.Vector.Span, result.Vector.Span);
            Row(output, "embed", $"\"{Sentence}\" -> {result.Dimensions}-d from {result.TokenCount} tokens: first call {cold.Elapsed.TotalMilliseconds:F1} ms, then {warm.Elapsed.TotalMilliseconds:F1} ms; L2 norm {norm:F4}");
            // Any NaN or infinite component makes the norm non-finite; two runs of the same text must agree.
            if (!float.IsFinite(norm) || Math.Abs(norm - 1f) > 1e-3f || result.Dimensions != model.Info.Dimensions || agreement < 0.9999f)
            {
                output.WriteLine("FAIL: the self-test vector is not a finite unit vector of the model's size, or two runs disagree.");
                return CommandErrors.Failure;
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        output.WriteLine("ok");
        return 0;
    }

    private static void Row(TextWriter output, string label, string value) => output.WriteLine($"  {label,-13} {value}");
}
