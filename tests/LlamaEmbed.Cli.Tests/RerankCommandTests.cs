using System.Text.Json;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests;

public sealed class RerankCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("llamaembed-cli-rerank-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Ranks_every_passage_with_a_score_in_the_open_unit_interval()
    {
        string model = Path.Combine(_folder.FullName, "qwen2.gguf");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.Qwen2), model);
        string passages = Path.Combine(_folder.FullName, "passages.txt");
        File.WriteAllLines(passages, ["The sky is blue.", "Paris is the capital of France.", "Water boils at 100 degrees."]);

        // A random-weight model never closes its reasoning: a small budget drives each passage through the fallback step.
        CliResult result = CliRunner.Run("rerank", "-m", model, "--query", "capital of France", "--input", passages,
            "--max-reasoning", "4", "--context", "512", "--threads", "1", "--format", "json", "--no-progress");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement[] ranked = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(3, ranked.Length);
        Assert.Equal([0, 1, 2], ranked.Select(r => r.GetProperty("index").GetInt32()).Order());
        double[] scores = [.. ranked.Select(r => r.GetProperty("score").GetDouble())];
        Assert.All(scores, s => Assert.InRange(s, double.Epsilon, 1 - 1e-12));
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public void An_embedding_model_is_refused_with_one_line()
    {
        string model = Path.Combine(_folder.FullName, "embeddinggemma.gguf");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), model);
        string passages = Path.Combine(_folder.FullName, "passages.txt");
        File.WriteAllText(passages, "one passage\n");

        CliResult result = CliRunner.Run("rerank", "-m", model, "--query", "q", "--input", passages);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("llamaembed: ", Assert.Single(result.ErrorLines));
    }
}
