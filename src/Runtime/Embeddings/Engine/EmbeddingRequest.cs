using LlamaEmbed.Embeddings.Pooling;

namespace LlamaEmbed.Embeddings.Engine;

/// <summary>
/// One caller's texts in flight: collects each text's vector at its index as workers finish them (in any order, on
/// any worker) and completes once all are in, so output order always equals input order. Cancellation completes
/// the task at once; workers then skip the request's remaining texts.
/// </summary>
internal sealed class EmbeddingRequest
{
    private readonly EmbeddingResult[] _results;
    private readonly TaskCompletionSource<IReadOnlyList<EmbeddingResult>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly VectorFinisher _finisher;
    private readonly int _dimensions;
    private readonly bool _normalize;
    private readonly CancellationTokenRegistration _registration;
    private int _remaining;

    /// <summary>Creates a request for <paramref name="count"/> texts.</summary>
    public EmbeddingRequest(int count, VectorFinisher finisher, int dimensions, bool normalize, CancellationToken cancellationToken)
    {
        _results = new EmbeddingResult[count];
        _remaining = count;
        _finisher = finisher;
        _dimensions = dimensions;
        _normalize = normalize;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((EmbeddingRequest)state!).Finish(c => c.TrySetCanceled(token)), this);
        }
    }

    /// <summary>Completes with every result in input order.</summary>
    public Task<IReadOnlyList<EmbeddingResult>> Task => _completion.Task;

    /// <summary>True once the request succeeded, failed or was cancelled; its remaining texts need no work.</summary>
    public bool IsDone => _completion.Task.IsCompleted;

    /// <summary>Stores text <paramref name="index"/>'s vector from its pooled state.</summary>
    public void Complete(int index, TokenizedText tokens, ReadOnlySpan<float> pooled)
    {
        if (IsDone)
        {
            return;
        }
        try
        {
            float[] vector = _finisher.Finish(pooled, _dimensions, _normalize);
            _results[index] = new EmbeddingResult(vector, tokens.Count, tokens.Truncated);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            Fail(ex);
            return;
        }
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Finish(c => c.TrySetResult(_results));
        }
    }

    /// <summary>Fails the whole request.</summary>
    public void Fail(Exception exception) => Finish(c => c.TrySetException(exception));

    private void Finish(Func<TaskCompletionSource<IReadOnlyList<EmbeddingResult>>, bool> complete)
    {
        if (complete(_completion))
        {
            _registration.Dispose();
        }
    }
}
