using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>
/// The vocabulary-only GGUFs that llama.cpp's own tools wrote (node-llama-cpp 3.22.1 test data): each must read
/// without error, summarize (and validate) without throwing, and be rewritten byte for byte. The one exception is ggml-vocab-aquila.gguf, a GGUF version 2
/// file: our writer always writes version 3, so it is compared by content (metadata and tensors) instead.
/// </summary>
public sealed class GgufVocabularyFileTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(GgufTestFiles.VocabularyFolder))
        {
            foreach (string path in Directory.GetFiles(GgufTestFiles.VocabularyFolder, "*.gguf").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(path));
            }
        }
        else
        {
            data.Add("(test data missing)");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void RealVocabulary_ReadsAndRewritesIdentically(string file)
    {
        Assert.SkipUnless(Directory.Exists(GgufTestFiles.VocabularyFolder),
            $"{GgufTestFiles.VocabularyFolder} is missing: run `node native/fetch.mjs --test-data` to fetch the llama.cpp vocabulary files.");
        string path = Path.Combine(GgufTestFiles.VocabularyFolder, file);
        byte[] original = File.ReadAllBytes(path);
        using GgufReader reader = GgufReader.Open(path);
        Assert.NotEmpty(reader.Metadata.GetArray<string>("tokenizer.ggml.tokens"));
        Assert.NotNull(reader.Metadata.TryGetString("general.architecture"));
        GgufModelSummary summary = GgufModelSummary.Create(reader);
        Assert.True(summary.VocabularySize > 0);
        using (var text = new StringWriter())
        {
            GgufSummaryWriter.WriteText(text, summary, includeTensors: true);
        }
        byte[] rewritten = GgufRoundTripTests.Rewrite(reader);
        if (reader.Version == GgufConstants.Version)
        {
            Assert.True(original.AsSpan().SequenceEqual(rewritten), $"{file} was not rewritten byte for byte");
            return;
        }
        using GgufReader again = GgufTestFiles.Read(rewritten);
        Assert.Equal(reader.Metadata.Keys, again.Metadata.Keys);
        Assert.All(reader.Metadata, kv => Assert.Equal(kv.Value, again.Metadata[kv.Key]));
        Assert.Equal(reader.Tensors, again.Tensors);
    }
}
