using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>
/// Real vocabularies: llama.cpp's own test GGUFs (Llama-2 SentencePiece, Qwen2 and Llama-3 byte-level BPE). They
/// come without Hugging Face tokenizer files, so the source side is rebuilt from the GGUF
/// (<see cref="VocabularyGgufCheckpoint"/>); the proof is llama.cpp on our converted file reproducing the token ids
/// Hugging Face's tokenizer produced for llama.cpp's test texts (the .out files), plus Microsoft.ML.Tokenizers on the
/// rebuilt source agreeing with llama.cpp.
/// </summary>
public sealed class RealVocabularyParityTests
{
    [Theory]
    [InlineData("llama-spm", "LlamaForCausalLM")]
    [InlineData("qwen2", "Qwen2ForCausalLM")]
    [InlineData("llama-bpe", "LlamaForCausalLM")]
    public void ConvertedVocabulary_TokenizesLikeHuggingFace(string name, string architecture)
    {
        Assert.SkipUnless(Directory.Exists(VocabularyGgufCheckpoint.VocabularyFolder), $"{VocabularyGgufCheckpoint.VocabularyFolder} is missing (node native/fetch.mjs --test-data).");
        using var temp = new TempDirectory("real-" + name);
        string hf = temp.Combine("hf");
        VocabularyGgufCheckpoint.Write(name, hf, architecture);
        string output = temp.Combine("out.gguf");

        TestConvert.Run(hf, output, new ConversionOptions { OutputType = GgmlType.F16 });

        using (var original = GgufReader.Open(Path.Combine(VocabularyGgufCheckpoint.VocabularyFolder, $"ggml-vocab-{name}.gguf")))
        using (var converted = new GgufFile(output))
        {
            Assert.Equal(original.Metadata.GetArray<string>("tokenizer.ggml.tokens"), converted.Metadata.GetArray<string>("tokenizer.ggml.tokens"));
            Assert.Equal(original.Metadata.GetString("tokenizer.ggml.pre"), converted.Metadata.GetString("tokenizer.ggml.pre"));
        }
        using LlamaCppProbe probe = LlamaCppProbe.Load(output);
        var failures = new List<string>();
        foreach (var (text, expected) in VocabularyGgufCheckpoint.Expectations(name))
        {
            int[] actual = probe.Tokenize(text, addSpecial: false, parseSpecial: false);
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"'{text}': HF [{string.Join(",", expected)}] llama.cpp [{string.Join(",", actual)}]");
            }
        }
        Assert.True(failures.Count == 0, string.Join(" | ", failures));

        VerificationReport report = ConversionVerifier.Verify(hf, output);
        Assert.True(report.Mismatches.Count == 0, string.Join(" | ", report.Mismatches.Select(m => $"'{m.Text}' @{m.FirstDifference}")));
    }
}
