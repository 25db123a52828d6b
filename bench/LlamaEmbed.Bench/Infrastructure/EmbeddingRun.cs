using System.Globalization;
using LlamaEmbed.Embeddings;
using LlamaEmbed.Embeddings.Engine;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// One benchmark configuration, set up: the cached texts and either the bare native loop or an
/// <see cref="EmbeddingModel"/>, shaped alike (the bare loop copies the runtime's tokens and texts per call and
/// threads). Each method embeds the whole workload once and returns a count, so nothing is optimized away.
/// </summary>
internal sealed class EmbeddingRun : IDisposable
{
    private readonly BenchTexts _texts;
    private readonly float[][] _vectors;
    private readonly BareEmbeddingLoop? _bare;
    private readonly EmbeddingModel? _model;

    private EmbeddingRun(BenchTexts texts, BareEmbeddingLoop? bare, EmbeddingModel? model, int dimensions, int tokensPerCall)
    {
        TokensPerCall = tokensPerCall;
        _texts = texts;
        _bare = bare;
        _model = model;
        _vectors = [.. texts.Tokens.Select(_ => new float[dimensions])];
    }

    /// <summary>Tokens per llama_decode call in this configuration.</summary>
    public int TokensPerCall { get; }

    /// <summary>"default" → null (the runtime's derivation), else the number.</summary>
    public static int? ParseBudget(string budget) =>
        budget == "default" ? null : int.Parse(budget, CultureInfo.InvariantCulture);

    /// <summary>
    /// llama.cpp threads for every configuration: <c>$LLAMAEMBED_BENCH_THREADS</c>, else null (the runtime's default,
    /// one per core). On a machine shared with other work, one thread avoids ggml's spinning barriers stalling
    /// whenever the second thread is descheduled.
    /// </summary>
    public static int? Threads =>
        int.TryParse(Environment.GetEnvironmentVariable("LLAMAEMBED_BENCH_THREADS"), NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads > 0
            ? threads
            : null;

    /// <summary>The options the runtime is loaded with for <paramref name="budget"/> tokens per call (null = default).</summary>
    public static EmbeddingModelOptions Options(int? budget, PoolingExecution pooling, bool releaseTokenEmbeddings = true) =>
        new() { BatchTokenBudget = budget, PoolingExecution = pooling, Threads = Threads, ReleaseUnusedTokenEmbeddings = releaseTokenEmbeddings };

    /// <summary>The runtime on the model in <paramref name="weights"/>; <paramref name="releaseTokenEmbeddings"/> as <see cref="EmbeddingModelOptions.ReleaseUnusedTokenEmbeddings"/>.</summary>
    public static EmbeddingRun Runtime(BenchWeights weights, int textTokens, int? budget, PoolingExecution pooling, bool releaseTokenEmbeddings = true)
    {
        BenchTexts texts = EmbeddingWorkload.Texts(textTokens);
        EmbeddingModel model = EmbeddingModel.Load(BenchModels.Ensure(weights), Options(budget, pooling, releaseTokenEmbeddings));
        Console.Error.WriteLine($"// runtime: {weights}, {model.Info.TokensPerCall} tokens × {model.Info.SequencesPerCall} sequences per call, {model.Info.Threads} threads, {model.Info.PoolingExecution} pooling, release {releaseTokenEmbeddings}");
        return new EmbeddingRun(texts, null, model, model.Info.Dimensions, model.Info.TokensPerCall);
    }

    /// <summary>
    /// The bare loop, shaped as the runtime would be for <paramref name="budget"/>; <paramref name="repack"/> as
    /// llama.cpp's <c>use_extra_bufts</c>; <paramref name="perToken"/>: pooling NONE and a plain mean of the rows.
    /// </summary>
    public static EmbeddingRun Bare(BenchWeights weights, int textTokens, int? budget, bool repack = true, bool perToken = false)
    {
        BenchTexts texts = EmbeddingWorkload.Texts(textTokens);
        (int tokensPerCall, int sequences, int threads) = RuntimeShape(Options(budget, PoolingExecution.Native));
        var bare = new BareEmbeddingLoop(BenchModels.Ensure(weights), tokensPerCall, sequences, threads, repack, perToken);
        for (int i = 0; i < texts.Texts.Length; i++)
        {
            if (!bare.Tokenize(texts.Texts[i]).AsSpan().SequenceEqual(texts.Tokens[i]))
            {
                throw new InvalidOperationException($"llama_tokenize gives text {i} other ids than the runtime fed; the two engines would not do the same work.");
            }
        }
        Console.Error.WriteLine($"// bare loop: {weights}, {tokensPerCall} tokens × {sequences} sequences per call, {threads} threads, repack {repack}, per-token {perToken}");
        return new EmbeddingRun(texts, bare, null, bare.Dimensions, tokensPerCall);
    }

    /// <summary>
    /// The call shape and threads <see cref="EmbeddingModel"/> picks for the benchmark model with <paramref name="options"/>,
    /// by the runtime's own rules (without loading it, so the bare loop's memory stays its own).
    /// </summary>
    public static (int TokensPerCall, int SequencesPerCall, int Threads) RuntimeShape(EmbeddingModelOptions options)
    {
        int budget = options.BatchTokenBudget ?? TokenBudget.FromMemory(
            options.MemoryBudgetBytes ?? TokenBudget.DefaultMemoryBudgetBytes, contexts: 1, BenchModels.VocabularySize, BenchModels.EmbeddingLength, BenchModels.TrainingContext);
        CallShape shape = CallShape.For(budget);
        return (shape.TokensPerCall, shape.SequencesPerCall, options.Threads ?? Environment.ProcessorCount);
    }

    /// <summary>All texts through the bare loop, packed like the runtime packs them.</summary>
    public int BareBatched() => _bare!.Embed(_texts.Texts, _vectors);

    /// <summary>All texts through the bare loop, one text per call.</summary>
    public int BareOneAtATime()
    {
        int calls = 0;
        for (int i = 0; i < _texts.Texts.Length; i++)
        {
            calls += _bare!.Embed([_texts.Texts[i]], [_vectors[i]]);
        }
        return calls;
    }

    /// <summary>All texts in one <see cref="EmbeddingModel.EmbedAsync(IEnumerable{string}, EmbeddingPrompt?, EmbedOptions?, CancellationToken)"/> call.</summary>
    public async Task<int> RuntimeBatchedAsync()
    {
        IReadOnlyList<EmbeddingResult> results = await _model!.EmbedAsync(_texts.Texts, EmbeddingPrompt.None).ConfigureAwait(false);
        return CheckTokens(results);
    }

    /// <summary>Each text in its own call, awaited before the next.</summary>
    public async Task<int> RuntimeOneAtATimeAsync()
    {
        var results = new EmbeddingResult[_texts.Texts.Length];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = await _model!.EmbedAsync(_texts.Texts[i], EmbeddingPrompt.None).ConfigureAwait(false);
        }
        return CheckTokens(results);
    }

    public void Dispose()
    {
        _bare?.Dispose();
        _model?.Dispose();
    }

    /// <summary>Fails loudly if the runtime fed other token counts than the bare loop would.</summary>
    private int CheckTokens(IReadOnlyList<EmbeddingResult> results)
    {
        int tokens = results.Sum(r => r.TokenCount);
        if (tokens != _texts.TotalTokens)
        {
            throw new InvalidOperationException($"The runtime fed {tokens} tokens; the workload has {_texts.TotalTokens}.");
        }
        return tokens;
    }
}
