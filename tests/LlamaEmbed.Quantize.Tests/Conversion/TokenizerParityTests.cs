using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>
/// Microsoft.ML.Tokenizers on the source tokenizer files against llama.cpp on the converted file, through
/// <see cref="ConversionVerifier"/> (what <c>llamaembed convert --verify</c> runs).
/// </summary>
public sealed class TokenizerParityTests
{
    public static TheoryData<string> Families => ["embeddinggemma", "rank-embed", "qwen2", "llama"];

    [Theory]
    [MemberData(nameof(Families))]
    public void SyntheticVocabularies_TokenizeIdenticallyAfterConversion(string family)
    {
        using var temp = new TempDirectory("tok-" + family);
        string hf = temp.Combine("hf");
        _ = family switch
        {
            "embeddinggemma" => HfCheckpointBuilder.EmbeddingGemma(hf),
            "rank-embed" => HfCheckpointBuilder.RankEmbed(hf),
            "qwen2" => HfCheckpointBuilder.Qwen2(hf),
            _ => HfCheckpointBuilder.Llama(hf),
        };
        string output = temp.Combine("out.gguf");
        TestConvert.Run(hf, output, new ConversionOptions { OutputType = GgmlType.Q8_0 });

        VerificationReport report = ConversionVerifier.Verify(hf, output);

        Assert.Equal(ConversionVerifier.SampleTexts.Count, report.TextCount);
        Assert.True(report.Mismatches.Count == 0, string.Join(" | ", report.Mismatches.Select(m =>
            $"'{m.Text}' @{m.FirstDifference}: source [{string.Join(",", m.Source)}] llama.cpp [{string.Join(",", m.LlamaCpp)}]")));
        Assert.True(report.EmbeddingFinite);
    }
}
