using System.Text.Json;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>What <c>llamaembed inspect</c> prints, through the library types it is a thin shell over.</summary>
public sealed class GgufModelSummaryTests
{
    private static TinyModel EmbeddingGemmaLike()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Set("general.file_type", GgufValue.UInt32(7));
        model.Metadata.Add(LlamaEmbedKeys.Profile, GgufValue.String(LlamaEmbedKeys.Profiles.EmbeddingGemma));
        model.Metadata.Add(LlamaEmbedKeys.PromptNames, GgufValue.Array(["query", "document"]));
        model.Metadata.Add(LlamaEmbedKeys.PromptTexts, GgufValue.Array(["task: search result | query: ", "title: none | text: "]));
        model.Metadata.Add(LlamaEmbedKeys.Dimensions, GgufValue.UInt32(4));
        model.Metadata.Add(LlamaEmbedKeys.MatryoshkaDimensions, GgufValue.Array(new uint[] { 8, 4 }));
        return model;
    }

    [Fact]
    public void Summary_ReportsArchitectureSizeTokenizerAndPrompts()
    {
        using GgufReader reader = EmbeddingGemmaLike().Open();
        GgufModelSummary summary = GgufModelSummary.Create(reader);
        Assert.Equal("gemma-embedding", summary.Architecture);
        Assert.Equal("tiny-gemma-embedding", summary.Name);
        Assert.Equal("Q8_0", summary.FileTypeName);
        Assert.Equal(64u, summary.ContextLength);
        Assert.Equal(8u, summary.EmbeddingLength);
        Assert.Equal(4u, summary.OutputDimensions);
        Assert.Equal("mean", summary.Pooling);
        Assert.Equal(6, summary.VocabularySize);
        Assert.Equal(reader.Tensors.Sum(t => t.ElementCount), summary.ParameterCount);
        Assert.Contains(new GgufSpecialToken("bos", 2, "<bos>"), summary.SpecialTokens);
        Assert.Contains(new GgufSpecialToken("eos", 1, "<eos>"), summary.SpecialTokens);
        Assert.Equal("task: search result | query: ", summary.Prompts.Single(p => p.Key == "query").Value);
        Assert.Contains(summary.LlamaEmbedSettings, kv => kv.Key == LlamaEmbedKeys.MatryoshkaDimensions && kv.Value == "[8, 4]");
        Assert.Empty(summary.Problems);
    }

    [Fact]
    public void Json_ParsesAndCarriesEverything()
    {
        TinyModel model = EmbeddingGemmaLike();
        model.Metadata.Add(model.Key("rope.scaling.type"), GgufValue.String("dynamic"));
        using GgufReader reader = model.Open();
        using var buffer = new MemoryStream();
        GgufSummaryWriter.WriteJson(buffer, GgufModelSummary.Create(reader), includeTensors: true);
        using JsonDocument json = JsonDocument.Parse(buffer.ToArray());
        JsonElement root = json.RootElement;
        Assert.Equal("gemma-embedding", root.GetProperty("architecture").GetString());
        Assert.Equal(4, root.GetProperty("outputDimensions").GetInt32());
        Assert.Equal(6, root.GetProperty("vocabularySize").GetInt32());
        Assert.Equal("title: none | text: ", root.GetProperty("prompts").GetProperty("document").GetString());
        Assert.Equal("embeddinggemma", root.GetProperty("llamaembed").GetProperty(LlamaEmbedKeys.Profile).GetString());
        Assert.Equal(reader.Tensors.Count, root.GetProperty("tensors").GetArrayLength());
        JsonElement problem = Assert.Single(root.GetProperty("problems").EnumerateArray());
        Assert.Equal("error", problem.GetProperty("severity").GetString());
        Assert.Equal("gemma-embedding.rope.scaling.type", problem.GetProperty("subject").GetString());
    }

    [Fact]
    public void Text_ListsFieldsProblemsAndOptionallyTensors()
    {
        TinyModel model = EmbeddingGemmaLike();
        model.Metadata.Set("tokenizer.ggml.add_space_prefix", GgufValue.Bool(true));
        using GgufReader reader = model.Open();
        GgufModelSummary summary = GgufModelSummary.Create(reader);
        using var brief = new StringWriter();
        GgufSummaryWriter.WriteText(brief, summary, includeTensors: false);
        string text = brief.ToString();
        Assert.Contains("architecture:       gemma-embedding", text, StringComparison.Ordinal);
        Assert.Contains("  query: \"task: search result | query: \"", text, StringComparison.Ordinal);
        Assert.Contains("warning: tokenizer.ggml.add_space_prefix", text, StringComparison.Ordinal);
        Assert.DoesNotContain("blk.0.attn_q.weight", text, StringComparison.Ordinal);
        using var full = new StringWriter();
        GgufSummaryWriter.WriteText(full, summary, includeTensors: true);
        Assert.Contains("blk.0.attn_q.weight", full.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{reader.Tensors.Count} tensor(s)", full.ToString(), StringComparison.Ordinal);
    }
}
