using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Reranking;

/// <summary>
/// A rank1 reasoning reranker (jhu-clsp/rank1-*) running through llama.cpp: for each (query, passage) it generates the
/// model's reasoning greedily and scores relevance as sigmoid(logit(" true") − logit(" false")) at the decision step,
/// following the official code and rank1.md byte for byte.
/// </summary>
/// <remarks>
/// Load once with <see cref="Load"/> and reuse. All members are thread-safe; requests run one at a time on the
/// model's context (the passages of one request run side by side, see <see cref="Rank1Options.ParallelSequences"/>).
/// Dispose it to free the model; do not dispose it while a call is running.
/// </remarks>
public sealed class Rank1Reranker : IDisposable, IAsyncDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly Rank1PromptBuilder _prompts;
    private readonly Rank1Engine _engine;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private Rank1Reranker(SafeLlamaModelHandle model, Rank1Vocabulary vocabulary, Rank1Options options, int threads, string architecture)
    {
        _model = model;
        Options = options;
        Architecture = architecture;
        _prompts = new Rank1PromptBuilder(vocabulary, options);
        _engine = new Rank1Engine(model, vocabulary, options, threads);
    }

    /// <summary>The settings the reranker was loaded with.</summary>
    public Rank1Options Options { get; }

    /// <summary>The model's GGUF architecture: <c>qwen2</c> or <c>llama</c>.</summary>
    public string Architecture { get; }

    /// <summary>Loads a rank1 GGUF and checks that it can run as a reranker.</summary>
    /// <param name="path">The GGUF file (qwen2 or llama architecture).</param>
    /// <param name="options">Settings; null for the official defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Rank1ModelException">The GGUF is not a rank1 model: another architecture (for example an embedding
    /// model), or a vocabulary without single <c>" true"</c>, <c>" false"</c>, <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c> tokens.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed GGUF.</exception>
    /// <exception cref="LlamaException">llama.cpp could not be loaded (or was initialized with another backend) or refused the model.</exception>
    public static Rank1Reranker Load(string path, Rank1Options? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new Rank1Options();
        int threads = options.Validate();
        if (options.Backend is LlamaBackend backend)
        {
            NativeRuntime.Initialize(new NativeRuntimeOptions { Backend = backend });
        }
        string fullPath = Path.GetFullPath(path);
        string architecture = "";
        // The kind of model is checked on the same parse of the header that the validator then uses. An untied
        // token-embedding table (rank1-7b and up) is only looked up row by row, so its pages are handed back.
        SafeLlamaModelHandle model = LlamaModelLoader.Load(
            fullPath, reader => architecture = Rank1ModelCheck.ReadArchitecture(reader, fullPath), releaseTokenEmbeddings: true);
        try
        {
            return new Rank1Reranker(model, Rank1Vocabulary.Create(model, architecture), options, threads, architecture);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Judges one passage against a query.</summary>
    /// <param name="query">The query; stripped, and merged with <paramref name="instruction"/> when one is given.</param>
    /// <param name="passage">The passage, used verbatim.</param>
    /// <param name="instruction">An optional instruction (FollowIR style), merged as the official code does.</param>
    /// <param name="cancellationToken">Cancels the request, also in the middle of a decode.</param>
    /// <returns>The judgement, with <see cref="Rank1Judgement.Index"/> 0.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The query is empty or only whitespace, or too long for the context.</exception>
    /// <exception cref="ObjectDisposedException">The reranker was disposed.</exception>
    /// <exception cref="OperationCanceledException">The request was cancelled.</exception>
    /// <exception cref="LlamaException">llama.cpp failed.</exception>
    public async Task<Rank1Judgement> ScoreAsync(string query, string passage, string? instruction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passage);
        Rank1Judgement[] results = await RunAsync(query, [passage], instruction, null, null, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>Judges every passage against a query and returns them best first.</summary>
    /// <param name="query">The query; stripped, and merged with <paramref name="instruction"/> when one is given.</param>
    /// <param name="passages">The passages, used verbatim; at least one.</param>
    /// <param name="topN">Return only the best <paramref name="topN"/>; null for all.</param>
    /// <param name="instruction">An optional instruction (FollowIR style), merged as the official code does.</param>
    /// <param name="progress">Receives each judgement as its passage finishes (in completion order).</param>
    /// <param name="cancellationToken">Cancels the request, also in the middle of a decode.</param>
    /// <returns>Judgements sorted by descending score, ties by input position; <see cref="Rank1Judgement.Index"/> is the input position.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">There are no passages, a passage is null, or the query is empty, only whitespace or too long for the context.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topN"/> is less than 1.</exception>
    /// <exception cref="ObjectDisposedException">The reranker was disposed.</exception>
    /// <exception cref="OperationCanceledException">The request was cancelled.</exception>
    /// <exception cref="LlamaException">llama.cpp failed.</exception>
    public async Task<IReadOnlyList<Rank1Judgement>> RerankAsync(
        string query,
        IReadOnlyList<string> passages,
        int? topN = null,
        string? instruction = null,
        IProgress<Rank1Judgement>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (topN is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(topN), topN, "topN must be at least 1.");
        }
        Rank1Judgement[] results = await RunAsync(query, passages, instruction, null, progress, cancellationToken).ConfigureAwait(false);
        IEnumerable<Rank1Judgement> ranked = results.OrderByDescending(r => r.Score).ThenBy(r => r.Index);
        return [.. topN is int n ? ranked.Take(n) : ranked];
    }

    /// <summary>
    /// Judges one passage and streams its reasoning while it is generated: text pieces first (a tail that might become
    /// the stop string is held back until it is clear), then one final item with the judgement.
    /// </summary>
    /// <param name="query">The query; stripped, and merged with <paramref name="instruction"/> when one is given.</param>
    /// <param name="passage">The passage, used verbatim.</param>
    /// <param name="instruction">An optional instruction (FollowIR style).</param>
    /// <param name="cancellationToken">Cancels generation; leaving the loop early cancels it too.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The query is empty or only whitespace, or too long for the context.</exception>
    /// <exception cref="ObjectDisposedException">The reranker was disposed.</exception>
    /// <exception cref="OperationCanceledException">The request was cancelled.</exception>
    /// <exception cref="LlamaException">llama.cpp failed.</exception>
    public async IAsyncEnumerable<Rank1StreamUpdate> StreamReasoningAsync(
        string query,
        string passage,
        string? instruction = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passage);
        Channel<Rank1StreamUpdate> channel = Channel.CreateUnbounded<Rank1StreamUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<Rank1Judgement[]> run = RunAsync(query, [passage], instruction, (_, text) => channel.Writer.TryWrite(new Rank1StreamUpdate(text, null)), null, stop.Token);
        _ = run.ContinueWith(
            t => channel.Writer.TryComplete(t.Exception?.InnerException ?? (t.IsCanceled ? new OperationCanceledException(stop.Token) : null)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (Rank1StreamUpdate update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
            Rank1Judgement[] results = await run.ConfigureAwait(false);
            yield return new Rank1StreamUpdate(string.Empty, results[0]);
        }
        finally
        {
            if (!run.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The consumer left early; the run was cancelled on purpose.
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _gate.Wait();
        try
        {
            DisposeCore();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            DisposeCore();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void DisposeCore()
    {
        if (!_disposed)
        {
            _disposed = true;
            _engine.Dispose();
            _model.Dispose();
        }
    }

    private async Task<Rank1Judgement[]> RunAsync(
        string query,
        IReadOnlyList<string> passages,
        string? instruction,
        Action<int, string>? onText,
        IProgress<Rank1Judgement>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        if (PythonWhitespace.Strip(query).Length == 0)
        {
            throw new ArgumentException("The query is empty.", nameof(query));
        }
        if (passages.Count == 0)
        {
            throw new ArgumentException("There are no passages to rerank.", nameof(passages));
        }
        for (int i = 0; i < passages.Count; i++)
        {
            if (passages[i] is null)
            {
                throw new ArgumentException($"Passage {i} is null.", nameof(passages));
            }
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        string finalQuery = Rank1Prompt.ApplyDatasetPrompt(Rank1Prompt.MergeInstruction(query, instruction), Options.DatasetPrompt);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await Task.Run(
                () =>
                {
                    Rank1PairPrompt[] pairs = new Rank1PairPrompt[passages.Count];
                    for (int i = 0; i < pairs.Length; i++)
                    {
                        pairs[i] = _prompts.Build(i, finalQuery, passages[i]);
                    }
                    return _engine.Run(pairs, onText, progress is null ? null : progress.Report, cancellationToken);
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
