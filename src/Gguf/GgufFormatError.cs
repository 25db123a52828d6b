namespace LlamaEmbed.Gguf;

/// <summary>
/// How GGUF format errors are reported: as <see cref="InvalidDataException"/> (sealed, so there is no subclass;
/// the same choice as System.Formats.Tar) whose message starts with "at byte N:" and whose
/// <see cref="Exception.Data"/> carries the offset under <see cref="OffsetKey"/>.
/// </summary>
/// <remarks>
/// Every check runs against the file length before anything is allocated, so a hostile header fails with one of
/// these rather than with an <see cref="OutOfMemoryException"/>.
/// </remarks>
public static class GgufFormatError
{
    /// <summary>The <see cref="Exception.Data"/> key holding the absolute byte offset (a <see cref="long"/>).</summary>
    public const string OffsetKey = "GgufOffset";

    /// <summary>Gets the byte offset a GGUF format error points at.</summary>
    /// <returns>False when <paramref name="exception"/> did not come from the GGUF reader.</returns>
    public static bool TryGetOffset(Exception exception, out long offset)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is InvalidDataException && exception.Data[OffsetKey] is long value)
        {
            offset = value;
            return true;
        }
        offset = 0;
        return false;
    }

    /// <summary>Creates the exception for <paramref name="problem"/> at absolute byte <paramref name="offset"/>.</summary>
    internal static InvalidDataException Create(long offset, string problem)
    {
        var exception = new InvalidDataException($"at byte {offset}: {problem}");
        exception.Data[OffsetKey] = offset;
        return exception;
    }
}
