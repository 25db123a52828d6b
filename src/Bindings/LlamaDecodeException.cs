namespace LlamaEmbed;

/// <summary>
/// <c>llama_decode</c> returned an error code. Cancellation through a <see cref="CancellationToken"/> is an
/// <see cref="OperationCanceledException"/> instead.
/// </summary>
public sealed class LlamaDecodeException : LlamaException
{
    /// <summary>Creates the exception for return code <paramref name="returnCode"/>.</summary>
    public LlamaDecodeException(int returnCode, string meaning, IReadOnlyList<string> nativeLogLines)
        : base($"llama_decode returned {returnCode}: {meaning}", nativeLogLines)
    {
        ReturnCode = returnCode;
        Meaning = meaning;
    }

    /// <summary>
    /// The native return code: 1 no KV slot (the batch is too big for the remaining cache), 2 aborted (not by our
    /// token), -1 invalid batch, below -1 a fatal compute or allocation error.
    /// </summary>
    public int ReturnCode { get; }

    /// <summary>What <see cref="ReturnCode"/> means, in words.</summary>
    public string Meaning { get; }
}
