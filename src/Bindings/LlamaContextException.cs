namespace LlamaEmbed;

/// <summary>llama.cpp could not create an inference context (or sampler) with the requested settings, usually for lack of memory.</summary>
public sealed class LlamaContextException : LlamaException
{
    /// <summary>Creates the exception with the native lines logged during creation.</summary>
    public LlamaContextException(string message, IReadOnlyList<string> nativeLogLines)
        : base(message, nativeLogLines)
    {
    }
}
