using System.CommandLine;
using System.Text.Json;
using LlamaEmbed.Cli.Commands;
using LlamaEmbed.Embeddings;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Cli.Embedding;

/// <summary><c>llamaembed embed</c> and <c>llamaembed tokenize</c>, invoked in-process.</summary>
public sealed class CliEmbedCommandTests(CliEmbeddingModelsFixture models) : IClassFixture<CliEmbeddingModelsFixture>
{
    private static async Task<(int Code, string Output, string Error)> Run(string[] args, string? standardInput = null)
    {
        RootCommand root = new("test") { EmbedCommand.Create(new StringReader(standardInput ?? "")), TokenizeCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Embed_Json_PrintsTheOpenAiResponseShape()
    {
        var (code, output, error) = await Run(["embed", "-m", models.GemmaPath, "--prompt", "query", "hello world", "second text"]);

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.Equal(models.Gemma.Info.Name, root.GetProperty("model").GetString());
        JsonElement data = root.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(0, data[0].GetProperty("index").GetInt32());
        Assert.Equal(1, data[1].GetProperty("index").GetInt32());
        Assert.Equal("embedding", data[0].GetProperty("object").GetString());
        float[] vector = [.. data[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];
        Assert.Equal(64, vector.Length);
        EmbeddingResult expected = await models.Gemma.EmbedQueryAsync("hello world", cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(VectorMath.Cosine(vector, expected.Vector.Span) > 0.999f);
        int tokens = models.Gemma.Tokenize("hello world", EmbeddingPrompt.Query).Count + models.Gemma.Tokenize("second text", EmbeddingPrompt.Query).Count;
        Assert.Equal(tokens, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokens, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Embed_WithBatchTokens_TruncatesToTheCallSize_AndMatchesTheDefaultOnShortTexts()
    {
        string longText = string.Join(' ', Enumerable.Repeat("river stone light", 40));
        var (code, output, error) = await Run(["embed", "-m", models.GemmaPath, "--batch-tokens", "32", "--format", "jsonl", "--no-progress", "quiet storm", longText]);

        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using JsonDocument shortLine = JsonDocument.Parse(lines[0]);
        using JsonDocument longLine = JsonDocument.Parse(lines[1]);
        float[] vector = [.. shortLine.RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())];
        EmbeddingResult expected = await models.Gemma.EmbedAsync("quiet storm", cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(VectorMath.Cosine(vector, expected.Vector.Span) > 0.999f);
        Assert.True(longLine.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(32, longLine.RootElement.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public async Task Embed_JsonlFromStandardInput_OneLinePerText_WithDimensions()
    {
        var (code, output, error) = await Run(["embed", "-m", models.GemmaPath, "--format", "jsonl", "--dim", "16"], "first line\nsecond line\nthird line\n");

        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using JsonDocument line = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, line.RootElement.GetProperty("index").GetInt32());
            Assert.Equal(16, line.RootElement.GetProperty("embedding").GetArrayLength());
            Assert.False(line.RootElement.GetProperty("truncated").GetBoolean());
            Assert.True(line.RootElement.GetProperty("tokens").GetInt32() > 2);
        }
    }

    [Fact]
    public async Task Embed_CsvFromAnInputFile_WithoutNormalization_AndAProgressBarOnStderrOnly()
    {
        string input = Path.Combine(Path.GetTempPath(), $"llamaembed-cli-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 70).Select(i => $"line number {i}"), TestContext.Current.CancellationToken);
        try
        {
            var (code, output, error) = await Run(["embed", "-m", models.GemmaPath, "--format", "csv", "--no-normalize", "--input", input]);

            Assert.True(code == 0, error);
            string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(71, rows.Length);
            Assert.StartsWith("index,tokens,truncated,v0,v1,", rows[0], StringComparison.Ordinal);
            Assert.Equal(3 + 64, rows[1].Split(',').Length);
            Assert.StartsWith("69,", rows[70], StringComparison.Ordinal);
            float[] values = [.. rows[1].Split(',').Skip(3).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
            Assert.True(Math.Abs(MathF.Sqrt(VectorMath.Dot(values, values)) - 1f) > 1e-3f);
            Assert.Contains("70/70 texts", error, StringComparison.Ordinal);
            Assert.DoesNotContain("texts", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Theory]
    [InlineData("--prompt", "nope", "Unknown prompt 'nope'")]
    [InlineData("--dim", "0", "--dim must be at least 1")]
    [InlineData("--dim", "65", "Dimensions must be 1 to 64")]
    [InlineData("--batch-tokens", "4", "BatchTokenBudget")]
    public async Task Embed_BadInput_ExitsWithOneOnOneLineOfStderr(string option, string value, string message)
    {
        var (code, output, error) = await Run(["embed", "-m", models.GemmaPath, option, value, "text"]);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_MissingModelOrText_ExitsWithOne()
    {
        var (code, _, error) = await Run(["embed", "-m", models.FilePath("missing"), "text"]);
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);

        (code, _, error) = await Run(["embed", "-m", models.GemmaPath]);
        Assert.Equal(1, code);
        Assert.Contains("No text to embed", error, StringComparison.Ordinal);

        (code, _, error) = await Run(["embed", "-m", models.RerankerPath, "text"]);
        Assert.Equal(1, code);
        Assert.Contains("reranker", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_PrintsTheExactIdsTheEmbedderFeeds()
    {
        var (code, output, error) = await Run(["tokenize", "-m", models.GemmaPath, "--prompt", "document", "some text"]);

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        int[] ids = [.. json.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32())];
        Assert.Equal(models.Gemma.Tokenize("some text", EmbeddingPrompt.Document).Ids, ids);
        Assert.Equal(models.GemmaModel.Vocabulary.BosId, ids[0]);
        Assert.Equal(models.GemmaModel.Vocabulary.EosId, ids[^1]);
    }

    [Fact]
    public async Task Tokenize_RankEmbedQuery_StartsWithBosAndThePrefixToken()
    {
        var (code, output, error) = await Run(["tokenize", "-m", models.RankEmbedPath, "--prompt", "query", "what"]);

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        int[] ids = [.. json.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32())];
        Assert.Equal(models.RankEmbedModel.Vocabulary.BosId, ids[0]);
        Assert.Equal(models.RankEmbedModel.Vocabulary.IdOf("<|query_token|>"), ids[1]);
    }
}
