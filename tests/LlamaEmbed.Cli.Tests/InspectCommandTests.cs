using System.Text.Json;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("llamaembed-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Shows_architecture_prompts_and_tensors_of_a_model()
    {
        string path = WriteTinyEmbeddingGemma();

        CliResult result = CliRunner.Run("inspect", path, "--tensors");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gemma-embedding", result.Output);
        Assert.Contains("task: search result | query: ", result.Output);
        Assert.Contains("blk.0.attn_q.weight", result.Output);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Json_output_is_one_parseable_object()
    {
        string path = WriteTinyEmbeddingGemma();

        CliResult result = CliRunner.Run("inspect", path, "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("truncated")]
    [InlineData("not-gguf")]
    [InlineData("directory")]
    public void Unreadable_input_exits_1_with_one_line_and_no_stack_trace(string kind)
    {
        string path = Path.Combine(_folder.FullName, kind);
        switch (kind)
        {
            case "truncated":
                File.WriteAllBytes(path, File.ReadAllBytes(WriteTinyEmbeddingGemma())[..100]);
                break;
            case "not-gguf":
                File.WriteAllText(path, "this is a text file, not a model");
                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
        }

        CliResult result = CliRunner.Run("inspect", path);

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("llamaembed: ", line);
        Assert.DoesNotContain("Exception", result.Error); // no type names, no stack trace
    }

    [Fact]
    public void Unknown_command_fails()
    {
        CliResult result = CliRunner.Run("frobnicate");

        Assert.NotEqual(0, result.ExitCode);
    }

    private string WriteTinyEmbeddingGemma()
    {
        string path = Path.Combine(_folder.FullName, "tiny.gguf");
        if (!File.Exists(path))
        {
            SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), path);
        }
        return path;
    }
}
