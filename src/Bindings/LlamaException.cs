namespace LlamaEmbed;

/// <summary>Base type of the errors LlamaEmbed raises around llama.cpp (loading, model load, decoding).</summary>
public class LlamaException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public LlamaException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    public LlamaException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a message and the WARN/ERROR lines llama.cpp logged around the failure.</summary>
    public LlamaException(string message, IReadOnlyList<string> nativeLogLines)
        : base(AppendLines(message, nativeLogLines))
    {
        NativeLogLines = nativeLogLines;
    }

    /// <summary>Creates the exception with a message, the native lines and the underlying error.</summary>
    public LlamaException(string message, IReadOnlyList<string> nativeLogLines, Exception? innerException)
        : base(AppendLines(message, nativeLogLines), innerException)
    {
        NativeLogLines = nativeLogLines;
    }

    /// <summary>The WARN/ERROR lines llama.cpp logged while the failing call ran (also appended to <see cref="Exception.Message"/>); empty when none.</summary>
    public IReadOnlyList<string> NativeLogLines { get; } = [];

    private static string AppendLines(string message, IReadOnlyList<string>? lines) =>
        lines is null || lines.Count == 0
            ? message
            : $"{message}{Environment.NewLine}llama.cpp said:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", lines)}";
}
