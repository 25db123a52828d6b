namespace LlamaEmbed.Quantization;

/// <summary>
/// A quantization run failed after its input was accepted: llama.cpp's <c>llama_model_quantize</c> returned an
/// error (its log lines are attached), or a quantized row came out with an infinite or NaN scale.
/// </summary>
public class GgufQuantizationException : LlamaException
{
    /// <summary>Creates the exception with a message.</summary>
    public GgufQuantizationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    public GgufQuantizationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a message and the WARN/ERROR lines llama.cpp logged.</summary>
    public GgufQuantizationException(string message, IReadOnlyList<string> nativeLogLines) : base(message, nativeLogLines) { }
}
