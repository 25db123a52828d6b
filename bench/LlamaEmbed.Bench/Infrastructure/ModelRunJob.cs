using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// The one job shape of every model-level benchmark: <see cref="RunStrategy.Monitoring"/> (no pilot, one invocation
/// per iteration), one warm-up, a few measured iterations, in process so setups and custom columns can read this
/// process's state. Runs of seconds to minutes need nothing finer.
/// </summary>
internal static class ModelRunJob
{
    /// <summary>The job with <paramref name="iterations"/> measured iterations on <paramref name="toolchain"/> (default: in-process emit).</summary>
    public static Job Create(int iterations, IToolchain? toolchain = null) => Job.Default
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(iterations)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithToolchain(toolchain ?? InProcessEmitToolchain.Instance)
        .WithId("Monitoring");
}
