using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic.Reference;
using Xunit;

namespace LlamaEmbed.Tests.Reference;

/// <summary>
/// llama.cpp's pooled vectors (through the bindings, F32 weights, flash attention off) against the double-precision
/// reference, for one text per call and several texts per batch, from 1 token to well past the sliding window of 8.
/// </summary>
public sealed class LlamaCppMatchesReferenceTests(TinyReferenceModels models) : IClassFixture<TinyReferenceModels>
{
    private const double MinCosine = 0.9999;
    private static readonly int[] s_lengths = [1, 2, 7, 9, 33, 100];

    public static TheoryData<string, int> ModelsAndLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (string model in new[] { TinyReferenceModels.EmbeddingDense, TinyReferenceModels.Embedding, TinyReferenceModels.Gemma3, TinyReferenceModels.Gemma3Bidirectional })
        {
            foreach (int length in s_lengths)
            {
                data.Add(model, length);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndLengths))]
    public void OneTextPerCall(string model, int length)
    {
        int[] text = models.RandomText(model, length, seed: length);
        LlamaCppEmbedder llama = models.LlamaCpp(model);

        float[] actual = llama.Embed(text)[0];

        AssertMatches(models[model].Reference.Embed(text), actual, $"{model}, {length} tokens");
    }

    [Theory]
    [InlineData(TinyReferenceModels.EmbeddingDense)]
    [InlineData(TinyReferenceModels.Embedding)]
    [InlineData(TinyReferenceModels.Gemma3)]
    [InlineData(TinyReferenceModels.Gemma3Bidirectional)]
    public void SeveralTextsPerBatch(string model)
    {
        int[][] texts = [.. s_lengths.Select((length, i) => models.RandomText(model, length, seed: 100 + i))];
        LlamaCppEmbedder llama = models.LlamaCpp(model);

        float[][] actual = llama.Embed(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertMatches(models[model].Reference.Embed(texts[i]), actual[i], $"{model}, text {i} of {texts.Length}, {texts[i].Length} tokens");
        }
    }

    [Fact]
    public void Gemma3_NonCausalContextOnACausalFile_MatchesTheBidirectionalReference()
    {
        TinyReferenceModels.Entry entry = models[TinyReferenceModels.Gemma3];
        GemmaReferenceModel bidirectional = entry.ReferenceWith(c => c with { Causal = false });
        int[][] texts = [.. s_lengths.Select((length, i) => models.RandomText(TinyReferenceModels.Gemma3, length, seed: 200 + i))];
        LlamaCppEmbedder llama = models.LlamaCpp(TinyReferenceModels.Gemma3, LlamaAttentionType.NonCausal);

        float[][] actual = llama.Embed(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertMatches(bidirectional.Embed(texts[i]), actual[i], $"non-causal context, {texts[i].Length} tokens");
        }
    }

    [Fact]
    public void Gemma3_NonCausal_KeepsTheOneSidedWindow()
    {
        // llamacpp-notes §8.5: without causality, gemma3's sliding-window layers still hide only keys 8 or more
        // positions behind the query and never clip keys ahead of it. A symmetric window (what a bidirectional
        // Hugging Face Gemma-3 applies, here ±8) sees the same keys only while the whole text fits the window.
        TinyReferenceModels.Entry entry = models[TinyReferenceModels.Gemma3Bidirectional];
        GemmaReferenceConfig oneSided = entry.Reference.Config;
        Assert.Equal(GemmaSlidingWindowKind.Standard, oneSided.SlidingWindowKind);
        GemmaReferenceModel symmetric = entry.ReferenceWith(c => c with { SlidingWindowKind = GemmaSlidingWindowKind.Symmetric, SlidingWindow = 2 * c.SlidingWindow });
        int[] shortText = models.RandomText(TinyReferenceModels.Gemma3Bidirectional, oneSided.SlidingWindow, seed: 300);
        int[] longText = models.RandomText(TinyReferenceModels.Gemma3Bidirectional, 100, seed: 301);
        LlamaCppEmbedder llama = models.LlamaCpp(TinyReferenceModels.Gemma3Bidirectional);

        float[][] actual = llama.Embed(shortText, longText);

        AssertMatches(entry.Reference.Embed(longText), actual[1], "one-sided window, 100 tokens");
        AssertMatches(symmetric.Embed(shortText), actual[0], "symmetric window, text within the window");
        Assert.True(ReferenceVectors.Cosine(symmetric.Embed(longText), actual[1]) < 0.999,
            "A symmetric window should not describe llama.cpp's gemma3 for texts longer than the window.");
    }

    [Fact]
    public void Gemma3_LastPooling_MatchesTheReference()
    {
        TinyReferenceModels.Entry entry = models[TinyReferenceModels.Gemma3];
        GemmaReferenceModel last = entry.ReferenceWith(c => c with { Pooling = GemmaReferencePooling.Last });
        int[][] texts = [.. s_lengths.Select((length, i) => models.RandomText(TinyReferenceModels.Gemma3, length, seed: 400 + i))];
        LlamaCppEmbedder llama = models.LlamaCpp(TinyReferenceModels.Gemma3, pooling: LlamaPoolingType.Last);

        float[][] actual = llama.Embed(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertMatches(last.Embed(texts[i]), actual[i], $"LAST pooling, {texts[i].Length} tokens");
        }
    }

    [Fact]
    public void LoadModel_ReadsTheFileLikeTheFixture()
    {
        TinyReferenceModels.Entry entry = models[TinyReferenceModels.EmbeddingDense];
        int[] text = models.RandomText(TinyReferenceModels.EmbeddingDense, 20, seed: 500);
        using var reader = LlamaEmbed.Gguf.GgufReader.Open(entry.Path);

        GemmaReferenceModel loaded = GemmaReferenceTensors.LoadModel(reader);

        Assert.True(loaded.HasDense);
        Assert.Equal(entry.Model.Vocabulary.Count, loaded.VocabularySize);
        Assert.Equal(entry.Reference.Embed(text), loaded.Embed(text));
    }

    internal static void AssertMatches(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double cosine = ReferenceVectors.Cosine(expected, actual);
        Assert.True(cosine >= MinCosine, $"{what}: cosine {cosine:F8} < {MinCosine} (max relative error {ReferenceVectors.MaxRelativeError(expected, actual):E2}).");
    }
}
