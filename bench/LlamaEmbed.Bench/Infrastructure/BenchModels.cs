using System.Diagnostics;
using LlamaEmbed.Quantization;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// The EmbeddingGemma-300m-shaped synthetic model (262,144 tokens, 24 layers, Dense 768→3072→768, random weights)
/// in F32, Q8_0 and Q4_0, written once into a cache folder and reused by every later run.
/// </summary>
/// <remarks>
/// The folder is <c>$LLAMAEMBED_BENCH_CACHE</c>, else <c>llamaembed-bench</c> under the temp folder. The F32 file is
/// about 1.2 GB; the quantized ones are made from it by <see cref="GgufQuantizer"/> with llama.cpp's own engine.
/// Files appear under their final names only when complete, so an interrupted run leaves nothing half-written.
/// </remarks>
internal static class BenchModels
{
    /// <summary>The environment variable naming the cache folder.</summary>
    public const string CacheVariable = "LLAMAEMBED_BENCH_CACHE";

    /// <summary>The model's vocabulary size (<c>SyntheticModels.EmbeddingGemma300m</c>).</summary>
    public const int VocabularySize = 262_144;

    /// <summary>The model's hidden size.</summary>
    public const int EmbeddingLength = 768;

    /// <summary>The model's training context.</summary>
    public const int TrainingContext = 2048;

    private static readonly Lock s_gate = new();

    /// <summary>The cache folder.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "llamaembed-bench");

    /// <summary>The path of the model in <paramref name="weights"/>, creating it (and the F32 source) on first use.</summary>
    public static string Ensure(BenchWeights weights)
    {
        lock (s_gate)
        {
            Directory.CreateDirectory(CacheDirectory);
            string source = PathOf(BenchWeights.F32);
            if (!File.Exists(source))
            {
                Create(BenchWeights.F32, source, () =>
                {
                    string staging = source + ".partial";
                    SyntheticModelBuilder.Write(SyntheticModels.EmbeddingGemma300m with { WeightType = LlamaEmbed.Gguf.GgmlType.F32 }, staging);
                    File.Move(staging, source, overwrite: true);
                });
            }
            string path = PathOf(weights);
            if (!File.Exists(path))
            {
                GgufQuantizationType type = weights == BenchWeights.Q8_0 ? GgufQuantizationType.Q8_0 : GgufQuantizationType.Q4_0;
                Create(weights, path, () => GgufQuantizer.Quantize(source, path, new GgufQuantizeOptions { Type = type, Overwrite = true }));
            }
            return path;
        }
    }

    private static void Create(BenchWeights weights, string path, Action write)
    {
        var clock = Stopwatch.StartNew();
        write();
        Console.Error.WriteLine($"// bench model {weights}: wrote {path} ({new FileInfo(path).Length >> 20} MiB) in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Where the model in <paramref name="weights"/> lives (it may not exist yet).</summary>
    public static string PathOf(BenchWeights weights) =>
        Path.Combine(CacheDirectory, $"synthetic-embeddinggemma-300m-{weights}.gguf");
}
