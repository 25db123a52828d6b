using LlamaEmbed.Synthetic.Reference;
using Xunit;

namespace LlamaEmbed.Tests.Reference;

/// <summary>Properties of the reference forward pass that hold without llama.cpp.</summary>
public sealed class GemmaReferenceModelTests
{
    private const int Vocabulary = 50;

    private static GemmaReferenceModel Model(GemmaReferenceConfig config, int seed = 1) =>
        new(config, ReferenceTestWeights.Create(config, Vocabulary, seed).GetValueOrDefault);

    private static int[] Tokens(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(Vocabulary))];
    }

    [Fact]
    public void HuggingFaceNormsWithOffsetOne_MatchGgufNormsWithOffsetZero()
    {
        GemmaReferenceConfig config = ReferenceTestWeights.TinyEmbedding(dense: true);
        Dictionary<string, float[]> hf = ReferenceTestWeights.Create(config, Vocabulary, seed: 3, huggingFaceNorms: true);
        Dictionary<string, float[]> gguf = hf.ToDictionary(
            kv => kv.Key,
            kv => kv.Key.EndsWith("norm.weight", StringComparison.Ordinal) ? [.. kv.Value.Select(w => 1 + w)] : kv.Value);
        int[] tokens = Tokens(12, seed: 4);

        double[] fromHf = new GemmaReferenceModel(config, hf.GetValueOrDefault, normWeightOffset: 1).Embed(tokens);
        float[] fromGguf = [.. new GemmaReferenceModel(config, gguf.GetValueOrDefault).Embed(tokens).Select(v => (float)v)];

        // The only difference is rounding 1 + w to float once per norm weight.
        Assert.True(ReferenceVectors.MaxRelativeError(fromHf, fromGguf) < 1e-5);
        Assert.True(ReferenceVectors.Cosine(fromHf, fromGguf) > 1 - 1e-10);
    }

    [Fact]
    public void ForgettingTheNormOffset_ChangesTheVector()
    {
        GemmaReferenceConfig config = ReferenceTestWeights.TinyEmbedding();
        Dictionary<string, float[]> hf = ReferenceTestWeights.Create(config, Vocabulary, seed: 3, huggingFaceNorms: true);
        int[] tokens = Tokens(6, seed: 5);

        double[] right = new GemmaReferenceModel(config, hf.GetValueOrDefault, normWeightOffset: 1).Embed(tokens);
        float[] wrong = [.. new GemmaReferenceModel(config, hf.GetValueOrDefault).Embed(tokens).Select(v => (float)v)];

        Assert.True(ReferenceVectors.Cosine(right, wrong) < 0.99);
    }

    [Theory]
    [InlineData(GemmaReferencePooling.Mean)]
    [InlineData(GemmaReferencePooling.Cls)]
    [InlineData(GemmaReferencePooling.Last)]
    public void Embed_PoolsTheHiddenStates(GemmaReferencePooling pooling)
    {
        GemmaReferenceModel model = Model(ReferenceTestWeights.TinyEmbedding() with { Pooling = pooling });
        int[] tokens = Tokens(5, seed: 6);

        double[][] states = model.HiddenStates(tokens);
        double[] pooled = model.Embed(tokens);

        for (int i = 0; i < pooled.Length; i++)
        {
            double expected = pooling switch
            {
                GemmaReferencePooling.Cls => states[0][i],
                GemmaReferencePooling.Last => states[^1][i],
                _ => states.Sum(s => s[i]) / states.Length,
            };
            Assert.Equal(expected, pooled[i], 12);
        }
    }

    [Fact]
    public void Dense_ProjectsBackToTheEmbeddingLength()
    {
        GemmaReferenceModel model = Model(ReferenceTestWeights.TinyEmbedding(dense: true));

        Assert.True(model.HasDense);
        Assert.Equal(32, model.OutputLength);
        Assert.Equal(32, model.Embed(Tokens(3, seed: 7)).Length);
    }

    [Fact]
    public void Causal_LaterTokensDoNotChangeEarlierStates()
    {
        GemmaReferenceConfig causal = ReferenceTestWeights.TinyEmbedding() with
        {
            Architecture = GemmaReferenceArchitecture.Gemma3,
            SlidingWindowKind = GemmaSlidingWindowKind.Standard,
            Causal = true,
        };
        int[] tokens = Tokens(20, seed: 8);

        double[][] full = Model(causal).HiddenStates(tokens);
        double[][] prefix = Model(causal).HiddenStates(tokens[..9]);
        double[][] bidirectionalFull = Model(causal with { Causal = false }).HiddenStates(tokens);
        double[][] bidirectionalPrefix = Model(causal with { Causal = false }).HiddenStates(tokens[..9]);

        for (int t = 0; t < 9; t++)
        {
            Assert.Equal(prefix[t], full[t]);
        }
        Assert.NotEqual(bidirectionalPrefix[0], bidirectionalFull[0]);
    }

    [Fact]
    public void SlidingWindow_OnlyLayersBeyondTheWindowSeeFarTokens()
    {
        // With every layer local and a symmetric window of 8 (±4), token 0 cannot see token 12 through two layers (±8).
        GemmaReferenceConfig local = ReferenceTestWeights.TinyEmbedding() with
        {
            BlockCount = 2,
            SlidingLayers = [true, true],
        };
        int[] tokens = Tokens(13, seed: 9);
        int[] changedFar = [.. tokens];
        changedFar[12] = (tokens[12] + 1) % Vocabulary;
        int[] changedNear = [.. tokens];
        changedNear[8] = (tokens[8] + 1) % Vocabulary;
        GemmaReferenceModel model = Model(local);

        double[] first = model.HiddenStates(tokens)[0];

        Assert.Equal(first, model.HiddenStates(changedFar)[0]);
        Assert.NotEqual(first, model.HiddenStates(changedNear)[0]);
    }

    [Fact]
    public void RejectsMissingTensorsWrongSizesAndUnknownTokens()
    {
        GemmaReferenceConfig config = ReferenceTestWeights.TinyEmbedding();
        Dictionary<string, float[]> weights = ReferenceTestWeights.Create(config, Vocabulary, seed: 2);
        GemmaReferenceModel model = new(config, weights.GetValueOrDefault);

        Assert.Throws<ArgumentException>(() => model.Embed([Vocabulary]));
        Assert.Throws<ArgumentException>(() => model.Embed([]));
        Assert.Throws<ArgumentException>(() => new GemmaReferenceModel(config with { HeadCountKv = 3 }, weights.GetValueOrDefault));

        weights["blk.2.ffn_up.weight"] = new float[7];
        Assert.Throws<InvalidDataException>(() => new GemmaReferenceModel(config, weights.GetValueOrDefault));
        weights.Remove("blk.2.ffn_up.weight");
        Assert.Throws<InvalidDataException>(() => new GemmaReferenceModel(config, weights.GetValueOrDefault));
    }
}
