namespace LlamaEmbed.Conversion;

/// <summary>
/// A safetensors file (or its shard index) is malformed or hostile: a header length that does not fit the file, JSON
/// that is not a tensor table, data offsets outside the file or overlapping, a shape that disagrees with the byte
/// length. Thrown before anything proportional to the claimed sizes is allocated.
/// </summary>
/// <remarks>An <see cref="IOException"/> because <see cref="InvalidDataException"/>, the natural base, is sealed.</remarks>
public sealed class SafetensorsFormatException : IOException
{
    /// <summary>Creates the exception with a message that names the file and the problem.</summary>
    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser error that caused it.</summary>
    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public SafetensorsFormatException()
        : base("The safetensors file is malformed.")
    {
    }
}
