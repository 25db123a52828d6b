using System.Diagnostics;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Bench;

/// <summary>
/// The Qwen2.5-0.5B-shaped synthetic model (rank1-0.5b's shape: qwen2, 24 layers, E=896, 151,936 tokens with
/// <c>&lt;think&gt;</c>/<c>&lt;/think&gt;</c> at rank1's ids, random F16 weights), written once into the bench cache folder.
/// </summary>
internal static class RerankBenchModel
{
    private static readonly Lock s_gate = new();

    /// <summary>The model's path, writing it on first use (about 1 GB; only complete files get the final name).</summary>
    public static string Ensure()
    {
        lock (s_gate)
        {
            string path = Path.Combine(BenchModels.CacheDirectory, "synthetic-qwen2.5-0.5b-F16.gguf");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(BenchModels.CacheDirectory);
                var clock = Stopwatch.StartNew();
                string staging = path + ".partial";
                SyntheticModelBuilder.Write(SyntheticModels.Qwen25_05B, staging);
                File.Move(staging, path, overwrite: true);
                Console.Error.WriteLine($"// bench model qwen2.5-0.5b: wrote {path} ({new FileInfo(path).Length >> 20} MiB) in {clock.Elapsed.TotalSeconds:F0} s");
            }
            return path;
        }
    }
}
