using BenchmarkDotNet.Running;

namespace LlamaEmbed.Bench;

/// <summary>Runs the benchmark suites: <c>dotnet run -c Release --project bench/LlamaEmbed.Bench -- --filter '*Name*'</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (Infrastructure.EmbeddingProbes.Handles(args))
        {
            return Infrastructure.EmbeddingProbes.Run(args);
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
