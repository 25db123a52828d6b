using Xunit;

namespace LlamaEmbed.Tests;

public class DoctorCommandTests
{
    [Fact]
    public void Reports_the_native_runtime_and_passes_its_self_test()
    {
        CliResult result = CliRunner.Run("doctor");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("llama.cpp     0.5.0-dev", result.Output);
        Assert.Contains("cpu variant   libggml-cpu-", result.Output);
        Assert.Matches(@"embed .* -> 64-d from \d+ tokens: first call [\d.]+ ms, then [\d.]+ ms; L2 norm 1\.0000", result.Output);
        Assert.EndsWith("ok", result.Output.TrimEnd());
    }
}
