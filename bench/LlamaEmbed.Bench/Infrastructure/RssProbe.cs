using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// <c>--rss</c>: peak resident memory per configuration, each measured in a fresh child process (<c>--rss-child</c>)
/// that loads one model, embeds as many 18-token texts as fill one call of its budget (llama.cpp sizes its buffers
/// by the largest call), and reports its <c>VmHWM</c>. BenchmarkDotNet's memory diagnoser sees only the managed
/// heap; llama.cpp's buffers and the mapped weights are native. Throughput belongs to the BenchmarkDotNet runs.
/// </summary>
internal static class RssProbe
{
    private const int Texts = 128;
    private const int TextTokens = 16;

    /// <summary>
    /// The configurations <c>--rss</c> measures: weights; engine (<c>runtime</c>; <c>runtime-keep</c>: without
    /// <see cref="EmbeddingModelOptions.ReleaseUnusedTokenEmbeddings"/>; <c>bare</c>; <c>bare-norepack</c>: the bare
    /// loop without llama.cpp's weight repacking); budget ("32", …, "default", or "mem:MiB").
    /// </summary>
    private static readonly (BenchWeights Weights, string Engine, string Budget)[] s_plan =
    [
        (BenchWeights.Q8_0, "runtime", "32"),
        (BenchWeights.Q8_0, "runtime", "mem:64"),
        (BenchWeights.Q8_0, "runtime", "128"),
        (BenchWeights.Q8_0, "runtime", "256"),
        (BenchWeights.Q8_0, "runtime", "512"),
        (BenchWeights.Q8_0, "runtime", "default"),
        (BenchWeights.Q8_0, "runtime", "2048"),
        (BenchWeights.Q8_0, "runtime-keep", "32"),
        (BenchWeights.Q8_0, "runtime-keep", "default"),
        (BenchWeights.Q8_0, "bare", "32"),
        (BenchWeights.Q8_0, "bare", "64"),
        (BenchWeights.Q8_0, "bare", "default"),
        (BenchWeights.Q8_0, "bare-norepack", "64"),
        (BenchWeights.Q4_0, "runtime", "32"),
        (BenchWeights.Q4_0, "runtime", "128"),
        (BenchWeights.Q4_0, "runtime", "default"),
        (BenchWeights.Q4_0, "bare", "64"),
        (BenchWeights.Q4_0, "bare-norepack", "64"),
        (BenchWeights.F32, "runtime", "32"),
        (BenchWeights.F32, "runtime", "default"),
    ];

    /// <summary>Runs <c>--rss</c> (every configuration, a Markdown table) or <c>--rss-child weights engine budget</c>.</summary>
    public static int Run(string[] args) => args[0] == "--rss" ? RunAll() : RunChild(args[1..]);

    private static int RunAll()
    {
        foreach (BenchWeights weights in Enum.GetValues<BenchWeights>())
        {
            BenchModels.Ensure(weights);
        }
        BenchTexts.Get(Texts, TextTokens);
        Console.WriteLine("| weights | engine | setting | tokens/call | file MiB | RSS after load MiB | managed heap MiB | peak RSS MiB | peak − file MiB |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (weights, engine, budget) in s_plan)
        {
            Result r = RunChild(weights, engine, budget);
            Console.WriteLine($"| {weights} | {engine} | {Describe(budget)} | {r.TokensPerCall} | {r.FileMiB} | {r.LoadedMiB} | {r.ManagedMiB} | {r.PeakMiB} | {r.PeakMiB - r.FileMiB} |");
        }
        return 0;
    }

    /// <summary>The child: one configuration, one JSON line on stdout.</summary>
    private static int RunChild(string[] args)
    {
        var weights = Enum.Parse<BenchWeights>(args[0]);
        string engine = args[1];
        string budget = args[2];
        string path = BenchModels.PathOf(weights);
        BenchTexts texts = BenchTexts.Get(Texts, TextTokens);
        int tokensPerCall;
        long loaded;
        long managed;
        if (engine.StartsWith("bare", StringComparison.Ordinal))
        {
            (tokensPerCall, int sequences, int threads) = EmbeddingRun.RuntimeShape(Options(budget));
            using var bare = new BareEmbeddingLoop(path, tokensPerCall, sequences, threads, repack: engine != "bare-norepack");
            (loaded, managed) = (ProcessMemory.ResidentBytes(), GC.GetTotalMemory(forceFullCollection: true));
            int count = FillOneCall(tokensPerCall, sequences, texts);
            bare.Embed(texts.Texts[..count], [.. texts.Texts.Take(count).Select(_ => new float[bare.Dimensions])]);
        }
        else
        {
            using EmbeddingModel model = EmbeddingModel.Load(path, Options(budget) with { ReleaseUnusedTokenEmbeddings = engine != "runtime-keep" });
            tokensPerCall = model.Info.TokensPerCall;
            (loaded, managed) = (ProcessMemory.ResidentBytes(), GC.GetTotalMemory(forceFullCollection: true));
            model.EmbedAsync(texts.Texts[..FillOneCall(tokensPerCall, model.Info.SequencesPerCall, texts)], EmbeddingPrompt.None).GetAwaiter().GetResult();
        }
        var result = new Result(
            tokensPerCall,
            ProcessMemory.ToMiB(new FileInfo(path).Length),
            ProcessMemory.ToMiB(loaded),
            ProcessMemory.ToMiB(managed),
            ProcessMemory.ToMiB(ProcessMemory.PeakResidentBytes()));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>How many texts make the fullest call the budget allows.</summary>
    private static int FillOneCall(int tokensPerCall, int sequencesPerCall, BenchTexts texts) =>
        Math.Clamp(Math.Min(tokensPerCall / texts.TokensPerText, sequencesPerCall), 1, texts.Texts.Length);

    private static EmbeddingModelOptions Options(string budget) => budget.StartsWith("mem:", StringComparison.Ordinal)
        ? new EmbeddingModelOptions { MemoryBudgetBytes = long.Parse(budget[4..], CultureInfo.InvariantCulture) << 20 }
        : EmbeddingRun.Options(EmbeddingRun.ParseBudget(budget), PoolingExecution.Auto);

    private static string Describe(string budget) => budget.StartsWith("mem:", StringComparison.Ordinal)
        ? $"MemoryBudgetBytes = {budget[4..]} MiB"
        : budget == "default" ? "default (1 GiB budget)" : $"BatchTokenBudget = {budget}";

    private static Result RunChild(BenchWeights weights, string engine, string budget)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this process's executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(RssProbe).Assembly.Location);
        }
        foreach (string arg in new[] { "--rss-child", weights.ToString(), engine, budget })
        {
            start.ArgumentList.Add(arg);
        }
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The --rss-child run for {weights} {engine} {budget} failed (exit {child.ExitCode}): {output}");
        }
        return JsonSerializer.Deserialize<Result>(line)!;
    }

    private sealed record Result(int TokensPerCall, long FileMiB, long LoadedMiB, long ManagedMiB, long PeakMiB);
}
