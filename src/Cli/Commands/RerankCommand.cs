using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LlamaEmbed.Cli.Infrastructure;
using LlamaEmbed.Reranking;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed rerank -m MODEL --query Q [--input FILE|-] [--top N] [--max-reasoning N] [--show-reasoning]
/// [--format table|json|jsonl]</c>: scores passages against a query with a rank1 model and prints them best first.
/// </summary>
internal static class RerankCommand
{
    /// <summary>Builds the command; <paramref name="standardInput"/> replaces the console's input (for tests).</summary>
    public static Command Create(TextReader? standardInput = null)
    {
        Option<FileInfo> model = new("--model", "-m") { Description = "rank1 GGUF file (qwen2 or llama architecture)", Required = true };
        Option<string> query = new("--query", "-q") { Description = "the query", Required = true };
        Option<string?> input = new("--input", "-i") { Description = "passages file, or - for stdin (the default)" };
        Option<bool> jsonLines = new("--jsonl-input") { Description = "read the input as JSON Lines: strings, or objects with \"text\" and optional \"title\"" };
        Option<int?> top = new("--top", "-n") { Description = "print only the N best passages" };
        Option<int> maxReasoning = new("--max-reasoning") { Description = "most reasoning tokens per passage", DefaultValueFactory = _ => new Rank1Options().MaxReasoningTokens };
        Option<int> context = new("--context") { Description = "most tokens per passage, prompt plus reasoning", DefaultValueFactory = _ => new Rank1Options().ContextSize };
        Option<int> parallel = new("--parallel") { Description = "passages generated side by side", DefaultValueFactory = _ => new Rank1Options().ParallelSequences };
        Option<int?> threads = new("--threads", "-t") { Description = "CPU threads (default: all)" };
        Option<string?> instruction = new("--instruction") { Description = "an instruction merged into the query (FollowIR style)" };
        Option<string?> datasetPrompt = new("--dataset-prompt") { Description = "a built-in dataset prompt name (SciFact, TRECCOVID, FiQA2018) or a prompt text containing FILL_QUERY_HERE" };
        Option<bool> showReasoning = new("--show-reasoning") { Description = "include each passage's reasoning" };
        Option<LlamaBackend?> backend = new("--backend") { Description = "cpu, cuda or auto (default: cpu)" };
        Option<bool> noProgress = new("--no-progress") { Description = "never show the progress bar (drawn on stderr when it is a terminal)" };
        Option<string> format = new("--format", "-f") { Description = "output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(RerankOutput.Formats);

        Command command = new("rerank", "Score passages against a query with a rank1 reasoning reranker and print them best first.")
        {
            model, query, input, jsonLines, top, maxReasoning, context, parallel, threads, backend, instruction, datasetPrompt, showReasoning, format, noProgress,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            return CommandErrors.RunAsync(async () =>
            {
                string queryText = parseResult.GetValue(query)!;
                if (string.IsNullOrWhiteSpace(queryText))
                {
                    throw new ArgumentException("--query is empty");
                }
                if (parseResult.GetValue(top) is < 1)
                {
                    throw new ArgumentException("--top must be at least 1");
                }
                List<string> passages = await ReadPassagesAsync(
                    parseResult.GetValue(input), standardInput ?? Console.In, parseResult.GetValue(jsonLines), cancellationToken).ConfigureAwait(false);
                if (passages.Count == 0)
                {
                    throw new ArgumentException("no passages: the input has no non-empty lines");
                }
                Rank1Options options = new()
                {
                    MaxReasoningTokens = parseResult.GetValue(maxReasoning),
                    ContextSize = parseResult.GetValue(context),
                    ParallelSequences = parseResult.GetValue(parallel),
                    Threads = parseResult.GetValue(threads),
                    Backend = parseResult.GetValue(backend),
                    DatasetPrompt = ResolveDatasetPrompt(parseResult.GetValue(datasetPrompt)),
                };
                await using Rank1Reranker reranker = Rank1Reranker.Load(parseResult.GetRequiredValue(model).FullName, options);
                ProgressBar? bar = ProgressBar.ForWork(error, "rerank", enabled: !parseResult.GetValue(noProgress) && !Console.IsErrorRedirected);
                int done = 0;
                long reasoningTokens = 0;
                var clock = Stopwatch.StartNew();
                IProgress<Rank1Judgement>? progress = bar?.Adapt<Rank1Judgement>(judgement =>
                {
                    int finished = Interlocked.Increment(ref done);
                    long tokens = Interlocked.Add(ref reasoningTokens, judgement.ReasoningTokens);
                    return ((double)finished / passages.Count, string.Create(CultureInfo.InvariantCulture,
                        $"{finished}/{passages.Count} passages, {tokens} reasoning tokens, {tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):F1} tok/s"));
                });
                IReadOnlyList<Rank1Judgement> results;
                try
                {
                    results = await reranker.RerankAsync(
                        queryText, passages, parseResult.GetValue(top), parseResult.GetValue(instruction), progress, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    bar?.Complete();
                }
                await RerankOutput.WriteAsync(output, parseResult.GetValue(format)!, results, passages, parseResult.GetValue(showReasoning)).ConfigureAwait(false);
                return 0;
            }, error);
        });
        return command;
    }

    private static async Task<List<string>> ReadPassagesAsync(string? path, TextReader standardInput, bool jsonLines, CancellationToken cancellationToken)
    {
        if (path is null or "-")
        {
            return await RerankInput.ReadAsync(standardInput, jsonLines, cancellationToken).ConfigureAwait(false);
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Input file '{Path.GetFullPath(path)}' does not exist.", path);
        }
        using StreamReader reader = new(path);
        return await RerankInput.ReadAsync(reader, jsonLines, cancellationToken).ConfigureAwait(false);
    }

    private static string? ResolveDatasetPrompt(string? value) =>
        value is null ? null
        : Rank1DatasetPrompts.ForTask(value) ?? (value.Contains(Rank1Prompt.QueryPlaceholder, StringComparison.Ordinal)
            ? value
            : throw new ArgumentException($"--dataset-prompt '{value}' is neither a built-in prompt (SciFact, TRECCOVID, FiQA2018) nor a text containing {Rank1Prompt.QueryPlaceholder}"));
}
