namespace LlamaEmbed;

/// <summary>Base type of the errors LlamaEmbed raises around llama.cpp (loading, model load, decoding).</summary>
public class LlamaException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public LlamaException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    public LlamaException(string message, Exception innerException) : base(message, innerException) { }
}
