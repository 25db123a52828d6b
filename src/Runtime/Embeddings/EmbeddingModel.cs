using System.Threading.Channels;
using LlamaEmbed.Embeddings.Engine;
using LlamaEmbed.Embeddings.Generator;
using LlamaEmbed.Embeddings.Pooling;
using LlamaEmbed.Embeddings.Profiles;
using LlamaEmbed.Embeddings.Tokenization;
using LlamaEmbed.Native.Interop;
using Microsoft.Extensions.AI;

namespace LlamaEmbed.Embeddings;

/// <summary>
/// A GGUF embedding model loaded once and used from many threads: EmbeddingGemma, Tarka, Rank-Embed, Gemma-Embed
/// or any llama.cpp embedding model, on CPU or CUDA.
/// </summary>
/// <remarks>
/// <code>
/// await using var model = EmbeddingModel.Load("embeddinggemma-300m-Q8_0.gguf");
/// EmbeddingResult query = await model.EmbedQueryAsync("Which planet is known as the Red Planet?");
/// IReadOnlyList&lt;EmbeddingResult&gt; docs = await model.EmbedDocumentsAsync(passages);
/// IReadOnlyList&lt;SearchHit&gt; best = VectorMath.TopK(query.Vector.Span, [.. docs.Select(d => d.Vector)], k: 3);
/// </code>
/// <para>All members are thread-safe. Texts from concurrent calls are tokenized on the calling thread, queued, and
/// packed by worker threads (one per llama.cpp context) into shared <c>llama_decode</c> calls of up to
/// <see cref="EmbeddingModelInfo.TokensPerCall"/> tokens; each call's results come back in input order.</para>
/// <para>Disposing aborts work in progress: pending calls fail with <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class EmbeddingModel : IDisposable, IAsyncDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly EmbeddingProfile _profile;
    private readonly EmbeddingTokenizer _tokenizer;
    private readonly VectorFinisher _finisher;
    private readonly Dictionary<string, ResolvedPrompt> _prompts;
    private readonly ResolvedPrompt _defaultPrompt;
    private readonly Channel<PendingText> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly EmbeddingWorker[] _workers;
    private int _disposed;

    private EmbeddingModel(string path, EmbeddingModelFile file, EmbeddingProfile profile, SafeLlamaModelHandle model, EmbeddingModelOptions options)
    {
        _model = model;
        _profile = profile;
        var vocabulary = new LlamaVocabulary(model);
        int pooledDimensions = NativeMethods.llama_model_n_embd_out(model);
        int embeddingLength = NativeMethods.llama_model_n_embd(model);
        int trainingContext = NativeMethods.llama_model_n_ctx_train(model);
        int vocabularySize = vocabulary.Count;

        ProjectionHead? projection = null;
        if (file.Projection is { } head)
        {
            if (head.Inputs != pooledDimensions)
            {
                throw new LlamaModelLoadException(path,
                    $"'{path}': the projection head takes {head.Inputs} inputs but the model's pooled vectors have {pooledDimensions}.", []);
            }
            projection = new ProjectionHead(head);
        }
        _finisher = new VectorFinisher(pooledDimensions, projection);

        bool causal = file.Architecture != "gemma-embedding" && (options.CausalAttention ?? file.Causal ?? true);
        EmbeddingPooling pooling = options.Pooling ?? profile.Pooling ?? (causal ? EmbeddingPooling.Last : EmbeddingPooling.Mean);
        bool includePrompt = options.IncludePrompt ?? profile.IncludePrompt;
        PoolingExecution execution = ChooseExecution(options.PoolingExecution, pooling, includePrompt);

        int contexts = options.ContextCount;
        int threads = options.Threads ?? Math.Max(1, Environment.ProcessorCount / contexts);
        int contextSize = options.ContextSize ?? trainingContext;
        if (contextSize > trainingContext)
        {
            throw new ArgumentOutOfRangeException(nameof(options), contextSize,
                $"ContextSize {contextSize} exceeds the model's training context of {trainingContext} tokens.");
        }
        int budget = options.BatchTokenBudget
            ?? Math.Max(
                TokenBudget.FromMemory(options.MemoryBudgetBytes ?? TokenBudget.DefaultMemoryBudgetBytes, contexts, vocabularySize, embeddingLength, trainingContext),
                options.ContextSize ?? 0);
        CallShape shape = CallShape.For(budget);
        if (options.ContextSize is int explicitSize && explicitSize > shape.TokensPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(options), explicitSize,
                $"ContextSize {explicitSize} is larger than BatchTokenBudget {shape.TokensPerCall}: a text must fit in one call.");
        }
        int maxTokens = Math.Min(contextSize, shape.TokensPerCall);
        _tokenizer = new EmbeddingTokenizer(vocabulary, maxTokens);
        _prompts = ResolvePrompts(path, profile, _tokenizer);
        _defaultPrompt = profile.DefaultPromptName is null
            ? ResolvedPrompt.Empty
            : FindPrompt(profile.DefaultPromptName) ?? throw new LlamaModelLoadException(path,
                $"'{path}': the default prompt '{profile.DefaultPromptName}' is not one of the model's prompts ({string.Join(", ", profile.Prompts.Select(p => p.Name))}).", []);

        Info = new EmbeddingModelInfo
        {
            Path = path,
            Name = file.Name,
            Architecture = file.Architecture,
            Profile = profile.Kind,
            Dimensions = _finisher.Dimensions,
            MatryoshkaDimensions = file.MatryoshkaDimensions,
            MaxTokens = maxTokens,
            TrainingContextLength = trainingContext,
            VocabularySize = vocabularySize,
            Pooling = pooling,
            IncludePrompt = includePrompt,
            Normalize = profile.Normalize,
            CausalAttention = causal,
            Prompts = profile.Prompts.ToDictionary(p => p.Name, p => p.Display, StringComparer.Ordinal),
            QueryPromptName = profile.QueryPromptName,
            DocumentPromptName = profile.DocumentPromptName,
            DefaultPromptName = profile.DefaultPromptName,
            TokensPerCall = shape.TokensPerCall,
            SequencesPerCall = shape.SequencesPerCall,
            ContextCount = contexts,
            Threads = threads,
            PoolingExecution = execution,
        };

        var settings = new WorkerSettings
        {
            Shape = shape,
            Threads = threads,
            Pooling = pooling,
            NativePooling = execution == PoolingExecution.Native,
            IncludePrompt = includePrompt,
            Attention = file.Architecture == "gemma-embedding"
                ? LlamaAttentionType.Unspecified
                : causal ? LlamaAttentionType.Causal : LlamaAttentionType.NonCausal,
            PooledDimensions = pooledDimensions,
        };
        // Synchronous continuations: a caller's write wakes an idle worker directly instead of through a thread-pool
        // hop (the workers' only continuation is that wake-up, so no caller code runs inline on a worker).
        _queue = Channel.CreateUnbounded<PendingText>(new UnboundedChannelOptions
        {
            SingleReader = contexts == 1,
            SingleWriter = false,
            AllowSynchronousContinuations = true,
        });
        _workers = new EmbeddingWorker[contexts];
        try
        {
            for (int i = 0; i < contexts; i++)
            {
                _workers[i] = new EmbeddingWorker(model, settings, _queue.Reader, i, _stop.Token);
            }
        }
        catch
        {
            StopWorkers(new ObjectDisposedException(nameof(EmbeddingModel)));
            throw;
        }
    }

    /// <summary>What the model is and how its engine is sized.</summary>
    public EmbeddingModelInfo Info { get; }

    /// <summary>The token-embedding table's release tracking; null when the table is not released.</summary>
    internal TokenEmbeddingPages? TokenEmbeddings => _model.TokenEmbeddings;

    /// <summary>The number of <c>llama_decode</c> calls made so far (all contexts).</summary>
    internal long DecodeCalls => _workers.Where(w => w is not null).Sum(w => w.Calls);

    /// <summary>The tokens decoded so far (all contexts).</summary>
    internal long DecodedTokens => _workers.Where(w => w is not null).Sum(w => w.Tokens);

    /// <summary>Loads a GGUF embedding model and starts its workers.</summary>
    /// <param name="path">The GGUF file.</param>
    /// <param name="options">Engine settings; null = <see cref="EmbeddingModelOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid GGUF, or llama.cpp would abort on it.</exception>
    /// <exception cref="LlamaModelLoadException">
    /// The file is a reranker, names an unknown profile, lacks its profile's prefix tokens or projection head, is a
    /// directory, or llama.cpp refused it.
    /// </exception>
    /// <exception cref="LlamaContextException">llama.cpp could not create the contexts (usually memory).</exception>
    /// <exception cref="LlamaNativeLibraryException">llama.cpp could not be loaded, or another backend is already in use.</exception>
    public static EmbeddingModel Load(string path, EmbeddingModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= EmbeddingModelOptions.Default;
        options.Validate();
        if (options.Backend is LlamaBackend backend)
        {
            NativeRuntime.Initialize(new NativeRuntimeOptions { Backend = backend });
        }
        else
        {
            NativeRuntime.EnsureInitialized();
        }
        string fullPath = System.IO.Path.GetFullPath(path);
        EmbeddingModelFile? file = null;
        EmbeddingProfile? profile = null;
        // The profile is chosen (and a reranker refused) from the same parse the validator then checks.
        SafeLlamaModelHandle model = LlamaModelLoader.Load(fullPath, reader =>
        {
            file = EmbeddingModelFile.Read(reader, fullPath);
            profile = ProfileSelector.Select(file, fullPath, options.Profile);
        }, releaseTokenEmbeddings: options.ReleaseUnusedTokenEmbeddings);
        try
        {
            // Both were set by the header inspection, which runs before the loader returns.
            return new EmbeddingModel(fullPath, file!, profile!, model, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model on a thread-pool thread; see <see cref="Load"/>.</summary>
    /// <param name="path">The GGUF file.</param>
    /// <param name="options">Engine settings; null = <see cref="EmbeddingModelOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels before the load starts (a load in progress runs to the end).</param>
    /// <inheritdoc cref="Load" path="/exception"/>
    public static Task<EmbeddingModel> LoadAsync(string path, EmbeddingModelOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Load(path, options), cancellationToken);

    /// <summary>Embeds texts as search queries, with the model's query prompt (EmbeddingGemma: <c>task: search result | query: </c>).</summary>
    /// <param name="texts">The texts; at least one, none null.</param>
    /// <param name="options">Dimensions, normalization and truncation; null = <see cref="EmbedOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the call; its texts not yet embedded are skipped.</param>
    /// <returns>One result per text, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">The list is empty or a text has a lone surrogate (the message names its index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="EmbedOptions.Dimensions"/> is not 1 to <see cref="EmbeddingModelInfo.Dimensions"/>.</exception>
    /// <exception cref="TextTooLongException">A text is too long and truncation is off.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="LlamaDecodeException">llama.cpp failed to decode.</exception>
    public Task<IReadOnlyList<EmbeddingResult>> EmbedQueriesAsync(
        IEnumerable<string> texts, EmbedOptions? options = null, CancellationToken cancellationToken = default) =>
        EmbedAsync(texts, EmbeddingPrompt.Query, options, cancellationToken);

    /// <summary>Embeds one search query; see <see cref="EmbedQueriesAsync"/>.</summary>
    /// <param name="text">The query.</param>
    /// <param name="options">Dimensions, normalization and truncation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="EmbedQueriesAsync" path="/exception"/>
    public async Task<EmbeddingResult> EmbedQueryAsync(string text, EmbedOptions? options = null, CancellationToken cancellationToken = default) =>
        (await EmbedAsync([CheckSingle(text)], EmbeddingPrompt.Query, options, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Embeds texts as documents, with the model's document prompt and optional titles (EmbeddingGemma:
    /// <c>title: {title | none} | text: </c>).
    /// </summary>
    /// <param name="texts">The documents; at least one, none null.</param>
    /// <param name="titles">One title per document (null entries mean none), or null for no titles.</param>
    /// <param name="options">Dimensions, normalization and truncation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per document, in input order.</returns>
    /// <exception cref="ArgumentException">There are not as many titles as texts, or a title has a lone surrogate.</exception>
    /// <inheritdoc cref="EmbedQueriesAsync" path="/exception"/>
    public Task<IReadOnlyList<EmbeddingResult>> EmbedDocumentsAsync(
        IEnumerable<string> texts, IEnumerable<string?>? titles = null, EmbedOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] list = TextValidation.CheckAll(texts, nameof(texts));
        if (titles is null)
        {
            return EmbedCoreAsync(list, _ => ResolveDocument(null), options, cancellationToken);
        }
        string?[] titleList = [.. titles];
        if (titleList.Length != list.Length)
        {
            throw new ArgumentException($"There are {titleList.Length} titles for {list.Length} texts; give one per text (null for none).", nameof(titles));
        }
        foreach (string? title in titleList)
        {
            if (title is not null)
            {
                TextValidation.ThrowIfInvalid(title, nameof(titles));
            }
        }
        return EmbedCoreAsync(list, i => ResolveDocument(titleList[i]), options, cancellationToken);
    }

    /// <summary>Embeds one document with an optional title; see <see cref="EmbedDocumentsAsync"/>.</summary>
    /// <param name="text">The document.</param>
    /// <param name="title">Its title, or null for none.</param>
    /// <param name="options">Dimensions, normalization and truncation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="EmbedDocumentsAsync" path="/exception"/>
    public async Task<EmbeddingResult> EmbedDocumentAsync(
        string text, string? title = null, EmbedOptions? options = null, CancellationToken cancellationToken = default) =>
        (await EmbedDocumentsAsync([CheckSingle(text)], [title], options, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Embeds texts with a named prompt, a literal prompt, or the model's default prompt.</summary>
    /// <param name="texts">The texts; at least one, none null.</param>
    /// <param name="prompt">The prompt; null = the model's default prompt (none for EmbeddingGemma, as in sentence-transformers).</param>
    /// <param name="options">Dimensions, normalization and truncation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per text, in input order.</returns>
    /// <exception cref="ArgumentException">The prompt name is unknown (the message lists the model's prompts).</exception>
    /// <inheritdoc cref="EmbedQueriesAsync" path="/exception"/>
    public Task<IReadOnlyList<EmbeddingResult>> EmbedAsync(
        IEnumerable<string> texts, EmbeddingPrompt? prompt = null, EmbedOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] list = TextValidation.CheckAll(texts, nameof(texts));
        ResolvedPrompt resolved = Resolve(prompt);
        return EmbedCoreAsync(list, _ => resolved, options, cancellationToken);
    }

    /// <summary>Embeds one text; see <see cref="EmbedAsync(IEnumerable{string}, EmbeddingPrompt?, EmbedOptions?, CancellationToken)"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="prompt">The prompt; null = the model's default prompt.</param>
    /// <param name="options">Dimensions, normalization and truncation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="EmbedAsync(IEnumerable{string}, EmbeddingPrompt?, EmbedOptions?, CancellationToken)" path="/exception"/>
    public async Task<EmbeddingResult> EmbedAsync(
        string text, EmbeddingPrompt? prompt = null, EmbedOptions? options = null, CancellationToken cancellationToken = default) =>
        (await EmbedAsync([CheckSingle(text)], prompt, options, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>The exact token ids the embedder feeds for <paramref name="text"/> with <paramref name="prompt"/>: BOS, prefix token, prompt, text, EOS.</summary>
    /// <param name="text">The text.</param>
    /// <param name="prompt">The prompt; null = the model's default prompt.</param>
    /// <param name="truncate">Cut a too-long text as embedding would; false fails instead.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">The text has a lone surrogate, or the prompt name is unknown.</exception>
    /// <exception cref="TextTooLongException">The text is too long and <paramref name="truncate"/> is false.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public TokenizedText Tokenize(string text, EmbeddingPrompt? prompt = null, bool truncate = true)
    {
        string[] list = TextValidation.CheckAll([CheckSingle(text)], nameof(text));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _tokenizer.Tokenize(list[0], Resolve(prompt), truncate, 0);
    }

    /// <summary>
    /// This model as a Microsoft.Extensions.AI <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> that embeds
    /// with <paramref name="prompt"/>.
    /// </summary>
    /// <param name="prompt">The prompt for every input; null = the model's default prompt. Use <see cref="EmbeddingPrompt.Query"/> or <see cref="EmbeddingPrompt.Document"/> for retrieval.</param>
    /// <param name="disposeModel">Whether disposing the generator disposes this model.</param>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> AsEmbeddingGenerator(EmbeddingPrompt? prompt = null, bool disposeModel = false)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (prompt is not null)
        {
            Resolve(prompt);
        }
        return new LlamaEmbeddingGenerator(this, prompt, disposeModel);
    }

    /// <summary>Stops the workers (aborting a call in progress), fails pending calls with <see cref="ObjectDisposedException"/>, and frees the contexts and model.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        StopWorkers(new ObjectDisposedException(nameof(EmbeddingModel), "The model was disposed before this text was embedded."));
        _model.Dispose();
        _stop.Dispose();
    }

    /// <summary>Disposes on a thread-pool thread, so the caller does not block while a call in progress aborts.</summary>
    public async ValueTask DisposeAsync() => await Task.Run(Dispose).ConfigureAwait(false);

    private static string CheckSingle(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text;
    }

    private static PoolingExecution ChooseExecution(PoolingExecution requested, EmbeddingPooling pooling, bool includePrompt)
    {
        bool needsManaged = pooling == EmbeddingPooling.Mean && !includePrompt;
        return requested switch
        {
            PoolingExecution.Native when needsManaged => throw new ArgumentException(
                "Native pooling cannot leave the prompt out of the mean (IncludePrompt = false); use PoolingExecution.Managed or Auto.", nameof(requested)),
            PoolingExecution.Auto => needsManaged ? PoolingExecution.Managed : PoolingExecution.Native,
            _ => requested,
        };
    }

    private static Dictionary<string, ResolvedPrompt> ResolvePrompts(string path, EmbeddingProfile profile, EmbeddingTokenizer tokenizer)
    {
        var resolved = new Dictionary<string, ResolvedPrompt>(StringComparer.Ordinal);
        foreach (PromptDefinition prompt in profile.Prompts)
        {
            int prefix = -1;
            if (prompt.PrefixToken is { } token)
            {
                prefix = tokenizer.SingleTokenId(token, out int pieces);
                if (prefix < 0)
                {
                    throw new LlamaModelLoadException(path,
                        $"'{path}' uses the {profile.Kind} profile, whose '{prompt.Name}' prompt starts with the prefix token '{token}', but that is not a single token in this vocabulary (it tokenizes to {pieces} pieces). " +
                        "The GGUF lacks the model's special tokens: re-convert it with the tokenizer's added tokens, or load it with another profile.",
                        []);
                }
            }
            resolved[prompt.Name] = new ResolvedPrompt(prompt.Text, prefix);
        }
        return resolved;
    }

    private ResolvedPrompt? FindPrompt(string name) =>
        _profile.FindPrompt(name) is { } definition ? _prompts[definition.Name] : null;

    private ResolvedPrompt Resolve(EmbeddingPrompt? prompt)
    {
        if (prompt is null)
        {
            return _defaultPrompt;
        }
        return prompt.Kind switch
        {
            EmbeddingPromptKind.None => ResolvedPrompt.Empty,
            EmbeddingPromptKind.Query => _profile.QueryPromptName is { } query ? _prompts[query] : ResolvedPrompt.Empty,
            EmbeddingPromptKind.Document => ResolveDocument(prompt.Value),
            EmbeddingPromptKind.Literal => new ResolvedPrompt(prompt.Value!, -1),
            _ => FindPrompt(prompt.Value!) ?? throw new ArgumentException(
                _profile.Prompts.Count == 0
                    ? $"Unknown prompt '{prompt.Value}': this model has no named prompts. Use EmbeddingPrompt.Literal for your own prompt text."
                    : $"Unknown prompt '{prompt.Value}'. This model's prompts: {string.Join(", ", _profile.Prompts.Select(p => p.Name))}.",
                nameof(prompt)),
        };
    }

    /// <summary>The document prompt with <paramref name="title"/> in its <c>title: none</c> slot, or the title and a newline before the text when it has none.</summary>
    private ResolvedPrompt ResolveDocument(string? title)
    {
        ResolvedPrompt document = _profile.DocumentPromptName is { } name ? _prompts[name] : ResolvedPrompt.Empty;
        if (string.IsNullOrEmpty(title))
        {
            return document;
        }
        const string slot = "title: none";
        int at = document.Text.IndexOf(slot, StringComparison.Ordinal);
        string text = at >= 0
            ? string.Concat(document.Text.AsSpan(0, at), "title: ", title, document.Text.AsSpan(at + slot.Length))
            : document.Text + title + "\n";
        return document with { Text = text };
    }

    private Task<IReadOnlyList<EmbeddingResult>> EmbedCoreAsync(
        string[] texts, Func<int, ResolvedPrompt> promptFor, EmbedOptions? options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= EmbedOptions.Default;
        int dimensions = options.Dimensions ?? Info.Dimensions;
        if (dimensions < 1 || dimensions > Info.Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(options), dimensions,
                $"Dimensions must be 1 to {Info.Dimensions} (the model's size); {dimensions} was asked for.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var tokenized = new TokenizedText[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            tokenized[i] = _tokenizer.Tokenize(texts[i], promptFor(i), options.Truncate, i);
        }
        var request = new EmbeddingRequest(texts.Length, _finisher, dimensions, options.Normalize ?? Info.Normalize, cancellationToken);
        for (int i = 0; i < tokenized.Length; i++)
        {
            if (!_queue.Writer.TryWrite(new PendingText(request, i, tokenized[i])))
            {
                request.Fail(new ObjectDisposedException(nameof(EmbeddingModel), "The model was disposed before this text was embedded."));
                break;
            }
        }
        return request.Task;
    }

    private void StopWorkers(Exception pending)
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        foreach (EmbeddingWorker? worker in _workers)
        {
            worker?.Join();
        }
        while (_queue.Reader.TryRead(out PendingText? item))
        {
            item.Request.Fail(pending);
        }
        foreach (EmbeddingWorker? worker in _workers)
        {
            worker?.FailCarried(pending);
            worker?.Dispose();
        }
    }
}
