using LlamaEmbed.Reranking;
using Xunit;

namespace LlamaEmbed.Tests.Reranking;

/// <summary>Every path of rank1 scoring, driven by scripted models whose greedy output is known in advance.</summary>
public sealed class Rank1RerankerTests(ScriptedModelsFixture models) : IClassFixture<ScriptedModelsFixture>
{
    private const string Query = "what does the passage say";
    private const string Passage = "alpha beta gamma.";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Rank1Options Options(int budget = 64, int context = 512, int parallel = 2, bool share = true) => new()
    {
        MaxReasoningTokens = budget,
        ContextSize = context,
        ParallelSequences = parallel,
        SharePromptPrefix = share,
        Threads = 1,  // one thread: llama.cpp's spinning thread barrier crawls on a busy shared machine
    };

    [Fact]
    public async Task StopString_True_ScoresTheDecisionStepLogits()
    {
        ScriptedRank1Model model = models.ClosingTrue;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options());

        Rank1Judgement j = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.Equal(Rank1Outcome.StopString, j.Outcome);
        Assert.Equal(Rank1StopReason.StopString, j.StopReason);
        Assert.Equal(ScriptedModelsFixture.ClosingReasoning, j.Reasoning);
        Assert.Equal(9, j.ReasoningTokens);                       // 7 reasoning tokens, </think>, " true"
        Assert.Equal(PromptIds(model).Count, j.PromptTokens);
        Assert.False(j.Truncated);
        Assert.True(j.Relevant);
        double expected = model.ReferenceScore([.. PromptIds(model), .. Ids(model, " Yes", ",", " it", " is", " relevant", ".", "\n", "</think>")]);
        Assert.Equal(expected, j.Score, 1e-5);
        Assert.Equal(1.0 / (1.0 + Math.Exp(-0.3 * Math.Sqrt(32))), j.Score, 1e-4);
    }

    [Fact]
    public async Task StopString_False_GivesAScoreBelowHalf()
    {
        ScriptedRank1Model model = models.ClosingFalse;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options());

        Rank1Judgement j = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.Equal(Rank1Outcome.StopString, j.Outcome);
        Assert.Equal(ScriptedModelsFixture.ClosingReasoning, j.Reasoning);
        Assert.False(j.Relevant);
        Assert.Equal(model.ReferenceScore([.. PromptIds(model), model.Id("</think>")]), j.Score, 1e-5);
    }

    [Fact]
    public async Task NeverClosing_HitsTheBudget_ThenTheFallbackScoresTheForcedPrompt()
    {
        ScriptedRank1Model model = models.NeverCloses;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options(budget: 20));

        Rank1Judgement j = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.Equal(Rank1StopReason.ReasoningBudget, j.StopReason);
        Assert.Equal(Rank1Outcome.Fallback, j.Outcome);
        Assert.Equal(20, j.ReasoningTokens);
        Assert.Equal(" Yes, it is relevant. Yes, it is relevant. Yes, it is relevant. Yes,", j.Reasoning);
        // rank1.md §2.3: cut after the last sentence end, strip, prompt + "\n" + text + "\n</think>", re-tokenized.
        IReadOnlyList<int> forced = model.Vocabulary.Tokenize(
            Rank1Prompt.Build(Query, Passage) + "\nYes, it is relevant. Yes, it is relevant. Yes, it is relevant.\n</think>", addSpecial: false, parseSpecial: true);
        Assert.Equal(model.ReferenceScore(forced), j.Score, 1e-5);
        Assert.True(j.Relevant);
    }

    [Fact]
    public async Task EndOfText_WithoutJudgementInTheTop20_FallsBack()
    {
        ScriptedRank1Model model = models.EndOfText;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options());

        Rank1Judgement j = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.Equal(Rank1StopReason.EndOfText, j.StopReason);
        Assert.Equal(Rank1Outcome.Fallback, j.Outcome);
        Assert.Equal(" Yes, it is relevant.", j.Reasoning);          // the end-of-text token is not text
        Assert.Equal(7, j.ReasoningTokens);
        IReadOnlyList<int> forced = model.Vocabulary.Tokenize(
            Rank1Prompt.Build(Query, Passage) + "\nYes, it is relevant.\n</think>", addSpecial: false, parseSpecial: true);
        Assert.Equal(model.ReferenceScore(forced), j.Score, 1e-5);
        Assert.False(j.Relevant);
    }

    [Fact]
    public async Task EndOfText_WithBothIdsInTheTop20_ScoresTheLastStep()
    {
        ScriptedRank1Model model = models.EndOfTextJudged;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options());

        Rank1Judgement j = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.Equal(Rank1StopReason.EndOfText, j.StopReason);
        Assert.Equal(Rank1Outcome.LastStep, j.Outcome);
        Assert.Equal(model.ReferenceScore([.. PromptIds(model), .. Ids(model, " Yes", ",", " it", " is", " relevant", ".")]), j.Score, 1e-5);
    }

    [Fact]
    public async Task FallbackPromptThatDoesNotFitTheContext_ScoresHalf()
    {
        ScriptedRank1Model model = models.NeverCloses;
        int promptTokens = PromptIds(model).Count;
        // Room for exactly the 5-token budget; the forced prompt re-tokenizes to more than that.
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options(budget: 5, context: promptTokens + 5));

        Rank1Judgement j = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.Equal(Rank1StopReason.ReasoningBudget, j.StopReason);
        Assert.Equal(Rank1Outcome.Default, j.Outcome);
        Assert.Equal(0.5, j.Score);
        Assert.False(j.Truncated);
    }

    [Fact]
    public async Task ParallelSequencesWithPrefixSharing_EqualOnePassageAtATime()
    {
        ScriptedRank1Model model = models.Content;
        string[] passages = ContentPassages(model);

        await using Rank1Reranker parallel = Rank1Reranker.Load(model.Path, Options(parallel: 2, share: true));
        await using Rank1Reranker sequential = Rank1Reranker.Load(model.Path, Options(parallel: 1, share: false));
        List<Rank1Judgement> a = Sort(await parallel.RerankAsync(Query, passages, cancellationToken: Ct));
        List<Rank1Judgement> b = [];
        foreach (string passage in passages)
        {
            b.Add(await sequential.ScoreAsync(Query, passage, cancellationToken: Ct) with { Index = b.Count });
        }

        Assert.Equal(passages.Length, a.Count);
        for (int i = 0; i < passages.Length; i++)
        {
            Assert.Equal(b[i].Score, a[i].Score, 1e-3);
            Assert.Equal(b[i].Relevant, a[i].Relevant);
            Assert.Equal(b[i].Outcome, a[i].Outcome);
            Assert.Equal(b[i].Reasoning, a[i].Reasoning);
            Assert.Equal(b[i].PromptTokens, a[i].PromptTokens);
            Assert.Equal(b[i].ReasoningTokens, a[i].ReasoningTokens);
            // The mean content over the whole sequence decides; a KV cell lost or leaked between sequences would move it.
            IReadOnlyList<int> tokens = [.. PromptIds(model, passages[i]), .. Ids(model, " Yes", ",", " it", " is", " relevant", ".", "\n", "</think>")];
            Assert.Equal(model.ReferenceScore(tokens), a[i].Score, 2e-3);
        }
        Assert.Contains(a, j => j.Relevant);
        Assert.Contains(a, j => !j.Relevant);
    }

    [Fact]
    public async Task Rerank_SortsByScoreAndHonoursTopN()
    {
        ScriptedRank1Model model = models.Content;
        string[] passages = ContentPassages(model);
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options(parallel: 3));
        List<Rank1Judgement> progress = [];

        IReadOnlyList<Rank1Judgement> all = await reranker.RerankAsync(Query, passages, progress: new SyncProgress(progress), cancellationToken: Ct);
        IReadOnlyList<Rank1Judgement> top = await reranker.RerankAsync(Query, passages, topN: 2, cancellationToken: Ct);

        Assert.Equal(passages.Length, progress.Count);
        Assert.Equal(all.OrderByDescending(j => j.Score).Select(j => j.Index), all.Select(j => j.Index));
        Assert.Equal(all.Take(2).Select(j => j.Index), top.Select(j => j.Index));
        Assert.Equal(Enumerable.Range(0, passages.Length), all.Select(j => j.Index).Order());
    }

    [Fact]
    public async Task LongPassage_IsTruncatedToFitAndFlagged()
    {
        ScriptedRank1Model model = models.ClosingTrue;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options(budget: 20, context: 100, parallel: 2));
        string longPassage = string.Join(" ", Enumerable.Repeat("alpha beta gamma delta", 60));

        List<Rank1Judgement> results = Sort(await reranker.RerankAsync(Query, [longPassage, Passage], cancellationToken: Ct));

        Assert.True(results[0].Truncated);
        Assert.InRange(results[0].PromptTokens, 70, 80);
        Assert.Equal(Rank1Outcome.StopString, results[0].Outcome);
        Assert.False(results[1].Truncated);
        Assert.Equal(results[1].Score, results[0].Score, 1e-5);
    }

    [Fact]
    public async Task Stream_YieldsTheReasoningThenTheJudgement()
    {
        ScriptedRank1Model model = models.ClosingTrue;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options());
        List<Rank1StreamUpdate> updates = [];

        await foreach (Rank1StreamUpdate update in reranker.StreamReasoningAsync(Query, Passage, cancellationToken: Ct))
        {
            updates.Add(update);
        }
        Rank1Judgement scored = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);

        Assert.True(updates.Count > 2);
        Assert.True(updates[^1].IsFinal);
        Assert.All(updates.SkipLast(1), u => Assert.False(u.IsFinal));
        Assert.Equal(scored.Reasoning, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(scored, updates[^1].Judgement);
    }

    [Fact]
    public async Task Cancellation_StopsScoringRerankingAndStreaming()
    {
        ScriptedRank1Model model = models.NeverCloses;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options(budget: 400, context: 1024));
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reranker.ScoreAsync(Query, Passage, cancellationToken: cancelled.Token));

        using CancellationTokenSource midway = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Rank1StreamUpdate update in reranker.StreamReasoningAsync(Query, Passage, cancellationToken: midway.Token))
            {
                await midway.CancelAsync();
            }
        });

        // Two slots: the first two passages finish together, the cancel lands while the third is generating.
        using CancellationTokenSource onProgress = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reranker.RerankAsync(
            Query, [Passage, Passage, Passage], progress: new CancelOnReport(onProgress), cancellationToken: onProgress.Token));

        // The reranker is still usable afterwards.
        Rank1Judgement after = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct);
        Assert.Equal(Rank1StopReason.ReasoningBudget, after.StopReason);
    }

    [Fact]
    public async Task LeavingAStreamEarly_CancelsItsGeneration()
    {
        ScriptedRank1Model model = models.NeverCloses;
        await using Rank1Reranker reranker = Rank1Reranker.Load(model.Path, Options(budget: 400, context: 1024));

        await foreach (Rank1StreamUpdate update in reranker.StreamReasoningAsync(Query, Passage, cancellationToken: Ct))
        {
            break;
        }
        Rank1Judgement next = await reranker.ScoreAsync(Query, Passage, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(400, next.ReasoningTokens);
    }

    [Fact]
    public async Task BadInput_ThrowsTypedExceptions()
    {
        await using Rank1Reranker reranker = Rank1Reranker.Load(models.ClosingTrue.Path, Options());

        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync(Query, [], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.ScoreAsync("", Passage, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.ScoreAsync(" \n\u001F", Passage, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => reranker.ScoreAsync(Query, null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync(Query, [Passage, null!], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reranker.RerankAsync(Query, [Passage], topN: 0, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (Rank1StreamUpdate update in reranker.StreamReasoningAsync("  ", Passage, cancellationToken: Ct))
            {
            }
        });
    }

    [Fact]
    public void Load_RefusesModelsThatAreNotRank1()
    {
        Rank1ModelException noThink = Assert.Throws<Rank1ModelException>(() => Rank1Reranker.Load(models.WithoutThinkTokens.Path, Options()));
        Assert.Equal(["\"<think>\"", "\"</think>\""], noThink.MissingTokens);
        Assert.Contains("<think>", noThink.Message, StringComparison.Ordinal);

        Rank1ModelException embedding = Assert.Throws<Rank1ModelException>(() => Rank1Reranker.Load(models.EmbeddingModelPath, Options()));
        Assert.Equal("gemma-embedding", embedding.Architecture);
        Assert.Contains("EmbeddingModel", embedding.Message, StringComparison.Ordinal);

        Assert.Throws<FileNotFoundException>(() => Rank1Reranker.Load(Path.Combine(Path.GetTempPath(), "no-such-rank1.gguf"), Options()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rank1Reranker.Load(models.ClosingTrue.Path, Options(budget: 600, context: 512)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rank1Reranker.Load(models.ClosingTrue.Path, Options(parallel: 0)));
    }

    [Fact]
    public async Task DisposedReranker_Throws()
    {
        Rank1Reranker reranker = Rank1Reranker.Load(models.ClosingTrue.Path, Options());
        reranker.Dispose();
        reranker.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reranker.ScoreAsync(Query, Passage, cancellationToken: Ct));
    }

    /// <summary>Passages of one repeated word each, chosen so the mean content of the sequence takes both signs.</summary>
    private static string[] ContentPassages(ScriptedRank1Model model)
    {
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "passage", "no"];
        string[] byContent = [.. words.OrderBy(w => ScriptedRank1Model.ContentValue(model.Id(" " + w)))];
        string Repeat(string w) => string.Join(" ", Enumerable.Repeat(w, 40));
        return [Repeat(byContent[0]), Repeat(byContent[^1]), Repeat(byContent[1]), Repeat(byContent[^2]), Repeat(byContent[3]) + " and more."];
    }

    private static List<int> PromptIds(ScriptedRank1Model model, string passage = Passage) =>
        [.. model.Vocabulary.Tokenize(Rank1Prompt.Build(Query, passage), addSpecial: false, parseSpecial: true)];

    private static int[] Ids(ScriptedRank1Model model, params string[] texts) => [.. texts.Select(model.Id)];

    private static List<Rank1Judgement> Sort(IReadOnlyList<Rank1Judgement> results) => [.. results.OrderBy(r => r.Index)];

    private sealed class CancelOnReport(CancellationTokenSource source) : IProgress<Rank1Judgement>
    {
        public void Report(Rank1Judgement value) => source.Cancel();
    }

    /// <summary>An <see cref="IProgress{T}"/> that records on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SyncProgress(List<Rank1Judgement> sink) : IProgress<Rank1Judgement>
    {
        public void Report(Rank1Judgement value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
