using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// <c>--overhead</c>: runtime time ÷ bare-loop time, measured interleaved (<see cref="InterleavedTimer"/>) with the
/// bare loop and the runtime with native and with managed pooling loaded side by side, at the default budget.
/// <c>--batching</c>: short texts one per call against batched, for the bare loop and the runtime, likewise.
/// </summary>
internal static class OverheadProbe
{
    private const int Rounds = 5;

    /// <summary>Every weight type and text length, or only <c>--overhead WEIGHTS TEXT_TOKENS</c>.</summary>
    public static int RunOverhead(string[] args)
    {
        Console.WriteLine("| weights | text tokens | tokens/call | bare loop tokens/s | native pooling ÷ bare (median, range) | managed pooling ÷ bare (median, range) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (BenchWeights weights in WeightsFrom(args))
        {
            int[] lengths = args.Length > 2 ? [int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)] : [16, 256];
            foreach (int textTokens in lengths)
            {
                using EmbeddingRun bare = EmbeddingRun.Bare(weights, textTokens, budget: null);
                using EmbeddingRun native = EmbeddingRun.Runtime(weights, textTokens, budget: null, PoolingExecution.Native);
                using EmbeddingRun managed = EmbeddingRun.Runtime(weights, textTokens, budget: null, PoolingExecution.Managed);
                InterleavedTimer timer = InterleavedTimer.Run(Rounds, bare.BareBatched, Sync(native.RuntimeBatchedAsync), Sync(managed.RuntimeBatchedAsync));
                double rate = EmbeddingWorkload.Texts(textTokens).TotalTokens / timer.MedianSeconds(0);
                Console.WriteLine($"| {weights} | {textTokens} | {bare.TokensPerCall} | {rate:N0} | {timer.Ratio(1, 0)} | {timer.Ratio(2, 0)} |");
            }
        }
        return 0;
    }

    /// <summary>Every weight type, or only <c>--batching WEIGHTS</c>; short texts, the default budget.</summary>
    public static int RunBatching(string[] args)
    {
        Console.WriteLine("| weights | bare one-at-a-time tokens/s | bare batched ÷ one-at-a-time speed-up | runtime batched ÷ one-at-a-time speed-up | runtime ÷ bare time, one at a time | runtime ÷ bare time, batched |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (BenchWeights weights in WeightsFrom(args))
        {
            using EmbeddingRun bare = EmbeddingRun.Bare(weights, 16, budget: null);
            using EmbeddingRun runtime = EmbeddingRun.Runtime(weights, 16, budget: null, PoolingExecution.Auto);
            InterleavedTimer timer = InterleavedTimer.Run(Rounds,
                bare.BareOneAtATime, bare.BareBatched, Sync(runtime.RuntimeOneAtATimeAsync), Sync(runtime.RuntimeBatchedAsync));
            double rate = EmbeddingWorkload.Texts(16).TotalTokens / timer.MedianSeconds(0);
            Console.WriteLine($"| {weights} | {rate:N0} | {timer.Ratio(0, 1)} | {timer.Ratio(2, 3)} | {timer.Ratio(2, 0)} | {timer.Ratio(3, 1)} |");
        }
        return 0;
    }

    private static BenchWeights[] WeightsFrom(string[] args) =>
        args.Length > 1 ? [Enum.Parse<BenchWeights>(args[1])] : Enum.GetValues<BenchWeights>();

    private static Func<int> Sync(Func<Task<int>> run) => () => run().GetAwaiter().GetResult();
}
