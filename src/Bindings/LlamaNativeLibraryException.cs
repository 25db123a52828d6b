namespace LlamaEmbed;

/// <summary>
/// The llama.cpp native libraries could not be found, loaded or accepted (wrong build, wrong platform, missing
/// backend). The message names the folder and the fix.
/// </summary>
public sealed class LlamaNativeLibraryException : LlamaException
{
    /// <summary>Creates the exception with a message that names the folder and the fix.</summary>
    public LlamaNativeLibraryException(string message) : base(message) { }

    /// <summary>Creates the exception with the underlying loader error.</summary>
    public LlamaNativeLibraryException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with the WARN/ERROR lines llama.cpp logged while loading.</summary>
    public LlamaNativeLibraryException(string message, IReadOnlyList<string> nativeLogLines) : base(message, nativeLogLines) { }
}
