namespace LlamaEmbed;

/// <summary>
/// A model file could not be loaded: it is a directory, cannot be read, or llama.cpp refused it. A missing file is a
/// <see cref="FileNotFoundException"/> and a malformed GGUF an <see cref="InvalidDataException"/> instead, both raised
/// before native code sees the path.
/// </summary>
public sealed class LlamaModelLoadException : LlamaException
{
    /// <summary>Creates the exception for <paramref name="modelPath"/> with the native lines logged during the load.</summary>
    public LlamaModelLoadException(string modelPath, string message, IReadOnlyList<string> nativeLogLines, Exception? innerException = null)
        : base(message, nativeLogLines, innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The full path that was being loaded.</summary>
    public string ModelPath { get; }
}
