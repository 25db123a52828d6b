using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic.Reference;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>
/// Converted files loaded by llama.cpp, their vectors compared with reference passes computed straight from the
/// Hugging Face weights and conventions (Gemma: <c>GemmaReferenceModel</c> with normWeightOffset = 1 and the LoRA
/// merged in the test; Qwen2/Llama: <see cref="DecoderReference"/>, rotate-half RoPE on unpermuted weights).
/// </summary>
public sealed class LlamaCppParityTests
{
    private const double F32Cosine = 0.9999;

    private static readonly string[] s_texts =
    [
        "task: search result | query: which planet is known as the red planet",
        "title: none | text: the quick brown fox jumps over the lazy dog",
    ];

    [Fact]
    public void EmbeddingGemma_MatchesTheHfReferenceIncludingDenseLayers()
    {
        using var temp = new TempDirectory("eg-native");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");
        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        GemmaReferenceModel reference = Reference(hf, output, normWeightOffset: 1);
        GemmaReferenceModel withoutShift = Reference(hf, output, normWeightOffset: 0);
        using LlamaCppProbe probe = LlamaCppProbe.Load(output);
        foreach (string text in s_texts)
        {
            int[] tokens = probe.Tokenize(text, addSpecial: true, parseSpecial: false);
            Assert.Equal(hf.Vocabulary.BosId, tokens[0]);
            Assert.Equal(hf.Vocabulary.EosId, tokens[^1]);
            float[] native = probe.Embed(tokens);
            Assert.Equal(64, native.Length);
            AssertCosine(reference.Embed(tokens), native, F32Cosine, "EmbeddingGemma F32");
            Assert.True(Vectors.Cosine(withoutShift.Embed(tokens), native) < 0.99, "the +1 on norms must matter");
        }
    }

    [Theory]
    [InlineData(AttentionMode.Causal)]
    [InlineData(AttentionMode.Bidirectional)]
    public void RankEmbed_MatchesTheHfReferenceInBothAttentionModes(AttentionMode attention)
    {
        using var temp = new TempDirectory("re-native");
        HfCheckpoint hf = HfCheckpointBuilder.RankEmbed(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");
        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32, Attention = attention, Pooling = "mean" });

        GemmaReferenceModel reference = Reference(hf, output, normWeightOffset: 1);
        Assert.Equal(attention == AttentionMode.Causal, reference.Config.Causal);
        using LlamaCppProbe probe = LlamaCppProbe.Load(output);
        int[] tokens = probe.Tokenize("<|query_token|> " + s_texts[0], addSpecial: true, parseSpecial: true);
        Assert.Equal(hf.Vocabulary.Count, tokens[1]);
        AssertCosine(reference.Embed(tokens), probe.Embed(tokens), F32Cosine, $"Rank-Embed {attention} F32");
    }

    [Fact]
    public void GemmaEmbed_MatchesTheHfReferenceWithTheLoraMergedAndTheProjectionHead()
    {
        using var temp = new TempDirectory("ge-native");
        HfCheckpoint hf = HfCheckpointBuilder.GemmaEmbed(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");
        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        GemmaReferenceModel reference = Reference(hf, output, normWeightOffset: 1);
        var baseOnly = new GemmaReferenceModel(reference.Config, BaseWeights(hf), normWeightOffset: 1);
        using var gguf = new GgufFile(output);
        float[] projection = [.. gguf.Metadata.GetArray<float>(LlamaEmbedKeys.ProjectionWeight)];
        float[] bias = [.. gguf.Metadata.GetArray<float>(LlamaEmbedKeys.ProjectionBias)];
        using LlamaCppProbe probe = LlamaCppProbe.Load(output);
        int[] tokens = probe.Tokenize(s_texts[1], addSpecial: true, parseSpecial: false);
        float[] native = probe.Embed(tokens);
        double[] expected = reference.Embed(tokens);
        AssertCosine(expected, native, F32Cosine, "Gemma-Embed (LoRA merged) F32");
        Assert.True(Vectors.Cosine(baseOnly.Embed(tokens), native) < 0.99, "the LoRA merge must matter");

        double[] hfProjected = Vectors.Project(hf.Modules["2_Dense"]["linear.weight"].Values, hf.Modules["2_Dense"]["linear.bias"].Values, 16, expected);
        float[] projected = Vectors.Project(projection, bias, 16, native.Select(v => (double)v).ToArray()).Select(v => (float)v).ToArray();
        Assert.True(Vectors.Cosine(hfProjected, projected) >= F32Cosine);
    }

    [Fact]
    public void Qwen2_MatchesTheHfDecoderReference()
    {
        using var temp = new TempDirectory("qwen-native");
        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");
        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        AssertDecoderMatches(hf, output);
    }

    [Fact]
    public void Llama_MatchesTheHfDecoderReferenceThroughTheQkPermutation()
    {
        using var temp = new TempDirectory("llama-native");
        HfCheckpoint hf = HfCheckpointBuilder.Llama(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");
        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        AssertDecoderMatches(hf, output);
    }

    [Fact]
    public void Q8_0Conversion_LoadsAndStaysCloseToTheReference()
    {
        using var temp = new TempDirectory("eg-q8");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"), SafetensorsDType.BF16);
        string output = temp.Combine("q8.gguf");
        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.Q8_0 });

        GemmaReferenceModel reference = Reference(hf, output, normWeightOffset: 1);
        using LlamaCppProbe probe = LlamaCppProbe.Load(output);
        int[] tokens = probe.Tokenize(s_texts[0], addSpecial: true, parseSpecial: false);
        AssertCosine(reference.Embed(tokens), probe.Embed(tokens), 0.99, "EmbeddingGemma Q8_0");
    }

    private static void AssertDecoderMatches(HfCheckpoint hf, string output)
    {
        var reference = new DecoderReference(hf);
        using LlamaCppProbe probe = LlamaCppProbe.Load(output);
        foreach (string text in s_texts)
        {
            int[] tokens = probe.Tokenize(text, addSpecial: true, parseSpecial: false);
            Assert.Equal(hf.Vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false), tokens);
            AssertCosine(reference.MeanPooled(tokens), probe.Embed(tokens, pooling: "mean"), F32Cosine, $"{hf.Config["architectures"]![0]} F32");
        }
    }

    private static void AssertCosine(double[] expected, float[] actual, double minimum, string what)
    {
        double cosine = Vectors.Cosine(expected, actual);
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: cosine {cosine:F7}");
        Assert.True(cosine >= minimum, $"{what}: cosine {cosine:F7} < {minimum}");
    }

    private static GemmaReferenceModel Reference(HfCheckpoint hf, string gguf, float normWeightOffset)
    {
        using var file = new GgufFile(gguf);
        return new GemmaReferenceModel(GemmaReferenceConfig.FromGguf(file.Metadata), HfGemmaTensors.For(hf), normWeightOffset);
    }

    private static Func<string, float[]?> BaseWeights(HfCheckpoint hf)
    {
        Func<string, float[]?> merged = HfGemmaTensors.For(hf);
        return name => name.EndsWith("attn_q.weight", StringComparison.Ordinal) || name.EndsWith("attn_v.weight", StringComparison.Ordinal)
            ? hf.Tensors[$"model.layers.{name.Split('.')[1]}.self_attn.{(name.Contains("attn_q", StringComparison.Ordinal) ? "q" : "v")}_proj.weight"].Values
            : merged(name);
    }
}
