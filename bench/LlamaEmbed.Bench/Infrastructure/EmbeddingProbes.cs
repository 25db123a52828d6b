namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// The embedding measurements that BenchmarkDotNet cannot make, run instead of it when the first argument names
/// one: <c>--rss</c> (peak resident memory per configuration, each in a child process; see <see cref="RssProbe"/>),
/// <c>--overhead</c> and <c>--batching</c> (time ratios measured interleaved; see <see cref="OverheadProbe"/>).
/// </summary>
internal static class EmbeddingProbes
{
    /// <summary>True when <paramref name="args"/> ask for one of the probes.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "--rss" or "--rss-child" or "--overhead" or "--batching";

    /// <summary>Runs the probe <paramref name="args"/> name; returns the exit code.</summary>
    public static int Run(string[] args) => args[0] switch
    {
        "--overhead" => OverheadProbe.RunOverhead(args),
        "--batching" => OverheadProbe.RunBatching(args),
        _ => RssProbe.Run(args),
    };
}
