using LlamaEmbed.Embeddings;
using LlamaEmbed.Synthetic.Reference;
using Xunit;

namespace LlamaEmbed.Tests.Reference;

/// <summary>
/// The shipped path, <see cref="EmbeddingModel"/> from text to vector, against the reference fed the exact token ids
/// the model reports (<see cref="EmbeddingModel.Tokenize"/>): both pooling executions, several texts per call and
/// several calls, texts from one token past the sliding window of 8, prompts included.
/// </summary>
public sealed class EmbeddingModelMatchesReferenceTests(TinyReferenceModels models) : IClassFixture<TinyReferenceModels>
{
    private static readonly string[] s_texts =
    [
        "",
        "river",
        "the small house by the river",
        "a question of time and music in the morning market, where people meet and talk about history and language",
        string.Join(' ', Enumerable.Repeat("night garden window city world number place system point water", 8)),
    ];

    public static TheoryData<string, PoolingExecution> ModelsAndPooling()
    {
        var data = new TheoryData<string, PoolingExecution>();
        foreach (string model in new[] { TinyReferenceModels.EmbeddingDense, TinyReferenceModels.Embedding, TinyReferenceModels.Gemma3, TinyReferenceModels.Gemma3Bidirectional })
        {
            data.Add(model, PoolingExecution.Native);
            data.Add(model, PoolingExecution.Managed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndPooling))]
    public async Task Texts_MatchTheReference(string name, PoolingExecution pooling)
    {
        TinyReferenceModels.Entry entry = models[name];
        // 128 tokens per call: the longest text fills most of a call, the short ones share calls.
        await using EmbeddingModel model = EmbeddingModel.Load(entry.Path, new EmbeddingModelOptions { BatchTokenBudget = 128, PoolingExecution = pooling });
        GemmaReferenceModel reference = ReferenceFor(entry, model.Info);

        IReadOnlyList<EmbeddingResult> results = await model.EmbedAsync(s_texts, EmbeddingPrompt.None, new EmbedOptions { Normalize = false }, TestContext.Current.CancellationToken);

        for (int i = 0; i < s_texts.Length; i++)
        {
            IReadOnlyList<int> ids = model.Tokenize(s_texts[i], EmbeddingPrompt.None).Ids;
            Assert.Equal(ids.Count, results[i].TokenCount);
            LlamaCppMatchesReferenceTests.AssertMatches(reference.Embed(ids), results[i].Vector.ToArray(), $"{name}, {pooling} pooling, text {i} ({ids.Count} tokens)");
        }
        Assert.Contains(s_texts, t => model.Tokenize(t, EmbeddingPrompt.None).Count > 2 * reference.Config.SlidingWindow);
    }

    [Fact]
    public async Task QueryPrompt_IsPooledWithTheText()
    {
        TinyReferenceModels.Entry entry = models[TinyReferenceModels.EmbeddingDense];
        await using EmbeddingModel model = EmbeddingModel.Load(entry.Path);
        GemmaReferenceModel reference = ReferenceFor(entry, model.Info);

        EmbeddingResult result = await model.EmbedQueryAsync(s_texts[3], new EmbedOptions { Normalize = false }, TestContext.Current.CancellationToken);

        TokenizedText tokens = model.Tokenize(s_texts[3], EmbeddingPrompt.Query);
        Assert.True(tokens.PromptTokenCount > 0);
        LlamaCppMatchesReferenceTests.AssertMatches(reference.Embed(tokens.Ids), result.Vector.ToArray(), "query prompt");
    }

    /// <summary>The reference with the pooling and attention the runtime chose for the file.</summary>
    private static GemmaReferenceModel ReferenceFor(TinyReferenceModels.Entry entry, EmbeddingModelInfo info) => entry.ReferenceWith(c => c with
    {
        Causal = info.CausalAttention,
        Pooling = info.Pooling switch
        {
            EmbeddingPooling.Cls => GemmaReferencePooling.Cls,
            EmbeddingPooling.Last => GemmaReferencePooling.Last,
            _ => GemmaReferencePooling.Mean,
        },
    });
}
