using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// <c>--overhead</c>: runtime time ÷ bare-loop time, measured interleaved (<see cref="InterleavedTimer"/>) with the
/// bare loop and the runtime with native and with managed pooling loaded side by side, at the default budget; managed
/// pooling is also set against the bare loop doing its native work (pooling NONE, a plain mean of the token rows), and
/// native pooling without <see cref="EmbeddingModelOptions.ReleaseUnusedTokenEmbeddings"/> shows what the release costs.
/// <c>--batching</c>: short texts one per call against batched, for the bare loop and the runtime, likewise.
/// </summary>
internal static class OverheadProbe
{
    private const int Rounds = 7;

    /// <summary>Every weight type and text length, or only <c>--overhead WEIGHTS TEXT_TOKENS</c>.</summary>
    public static int RunOverhead(string[] args)
    {
        Console.WriteLine("| weights | text tokens | tokens/call | bare loop tokens/s | native pooling ÷ bare (median, range) | native pooling, no release ÷ bare | managed pooling ÷ bare | managed pooling ÷ bare per-token loop |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (BenchWeights weights in WeightsFrom(args))
        {
            int[] lengths = args.Length > 2 ? [int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)] : [16, 256];
            foreach (int textTokens in lengths)
            {
                using EmbeddingRun bare = EmbeddingRun.Bare(weights, textTokens, budget: null);
                using EmbeddingRun native = EmbeddingRun.Runtime(weights, textTokens, budget: null, PoolingExecution.Native);
                using EmbeddingRun managed = EmbeddingRun.Runtime(weights, textTokens, budget: null, PoolingExecution.Managed);
                using EmbeddingRun barePerToken = EmbeddingRun.Bare(weights, textTokens, budget: null, perToken: true);
                using EmbeddingRun kept = EmbeddingRun.Runtime(weights, textTokens, budget: null, PoolingExecution.Native, releaseTokenEmbeddings: false);
                InterleavedTimer timer = InterleavedTimer.Run(Rounds,
                    bare.BareBatched, Sync(native.RuntimeBatchedAsync), Sync(managed.RuntimeBatchedAsync), barePerToken.BareBatched, Sync(kept.RuntimeBatchedAsync));
                double rate = EmbeddingWorkload.Texts(textTokens).TotalTokens / timer.MedianSeconds(0);
                Console.WriteLine($"| {weights} | {textTokens} | {bare.TokensPerCall} | {rate:N0} | {timer.Ratio(1, 0)} | {timer.Ratio(4, 0)} | {timer.Ratio(2, 0)} | {timer.Ratio(2, 3)} |");
            }
        }
        return 0;
    }

    /// <summary>Every weight type, or only <c>--batching WEIGHTS</c>; short texts, the default budget.</summary>
    public static int RunBatching(string[] args)
    {
        Console.WriteLine("| weights | bare one-at-a-time tokens/s | bare batched ÷ one-at-a-time speed-up | runtime batched ÷ one-at-a-time speed-up | runtime ÷ bare time, one at a time | runtime ÷ bare time, batched | runtime without release ÷ bare, one at a time |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (BenchWeights weights in WeightsFrom(args))
        {
            using EmbeddingRun bare = EmbeddingRun.Bare(weights, 16, budget: null);
            using EmbeddingRun runtime = EmbeddingRun.Runtime(weights, 16, budget: null, PoolingExecution.Auto);
            using EmbeddingRun kept = EmbeddingRun.Runtime(weights, 16, budget: null, PoolingExecution.Auto, releaseTokenEmbeddings: false);
            InterleavedTimer timer = InterleavedTimer.Run(Rounds,
                bare.BareOneAtATime, bare.BareBatched, Sync(runtime.RuntimeOneAtATimeAsync), Sync(runtime.RuntimeBatchedAsync), Sync(kept.RuntimeOneAtATimeAsync));
            double rate = EmbeddingWorkload.Texts(16).TotalTokens / timer.MedianSeconds(0);
            Console.WriteLine($"| {weights} | {rate:N0} | {timer.Ratio(0, 1)} | {timer.Ratio(2, 3)} | {timer.Ratio(2, 0)} | {timer.Ratio(3, 1)} | {timer.Ratio(4, 0)} |");
        }
        return 0;
    }

    private static BenchWeights[] WeightsFrom(string[] args) =>
        args.Length > 1 ? [Enum.Parse<BenchWeights>(args[1])] : Enum.GetValues<BenchWeights>();

    private static Func<int> Sync(Func<Task<int>> run) => () => run().GetAwaiter().GetResult();
}
