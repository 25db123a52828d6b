using System.Buffers.Binary;
using System.Text;

namespace LlamaEmbed.Gguf;

/// <summary>
/// Little-endian primitives over a seekable stream with a read buffer, for the header only. Every read is checked
/// against the file length first, so a truncated file fails with the offset where it ends and a length field
/// can never make us allocate more than the file holds.
/// </summary>
internal sealed class GgufHeaderReader
{
    /// <summary>llama.cpp's cap on one string (<c>GGUF_MAX_STRING_LENGTH</c>, 1 GiB).</summary>
    internal const ulong MaxStringLength = 1UL << 30;

    /// <summary>llama.cpp's cap on the elements of one array (<c>GGUF_MAX_ARRAY_ELEMENTS</c>).</summary>
    internal const ulong MaxArrayElements = 1UL << 30;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferStart;
    private int _bufferEnd;

    public GgufHeaderReader(Stream stream, long start, long length)
    {
        _stream = stream;
        Position = start;
        Length = length;
        _stream.Position = start;
    }

    /// <summary>Absolute position of the next byte to read.</summary>
    public long Position { get; private set; }

    /// <summary>Length of the file.</summary>
    public long Length { get; }

    /// <summary>Bytes between <see cref="Position"/> and the end of the file.</summary>
    public long Remaining => Length - Position;

    public byte ReadByte(string what) => Take(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public float ReadSingle(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));

    public double ReadDouble(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    /// <summary>
    /// Reads a GGUF string (u64 length + UTF-8). The length is checked against llama.cpp's cap and
    /// <paramref name="maxBytes"/> and against the bytes left in the file before anything is allocated.
    /// </summary>
    public string ReadString(string what, ulong maxBytes = MaxStringLength)
    {
        long lengthOffset = Position;
        ulong length = ReadUInt64(what);
        if (length > maxBytes)
        {
            throw GgufFormatError.Create(lengthOffset, $"{what} claims {length} bytes, more than the {maxBytes} allowed");
        }
        if (length > (ulong)Remaining)
        {
            throw GgufFormatError.Create(lengthOffset, $"{what} claims {length} bytes but only {Remaining} remain in the file");
        }
        int count = (int)length;
        long textOffset = Position;
        try
        {
            if (count <= _buffer.Length)
            {
                return s_strictUtf8.GetString(Take(count, what));
            }
            byte[] bytes = new byte[count];
            ReadInto(bytes, what);
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw GgufFormatError.Create(textOffset, $"{what} is not valid UTF-8");
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes (padding), checking they exist.</summary>
    public void Skip(long count, string what)
    {
        if (count > Remaining)
        {
            throw Truncated(what);
        }
        long buffered = _bufferEnd - _bufferStart;
        if (count <= buffered)
        {
            _bufferStart += (int)count;
        }
        else
        {
            _bufferStart = _bufferEnd = 0;
            _stream.Position = Position + count;
        }
        Position += count;
    }

    /// <summary>The error for data that would run past the end of the file.</summary>
    public InvalidDataException Truncated(string what) =>
        GgufFormatError.Create(Position, $"the file ends ({Length} bytes) in the middle of {what}");

    private void ReadInto(Span<byte> destination, string what)
    {
        int buffered = _bufferEnd - _bufferStart;
        int fromBuffer = Math.Min(buffered, destination.Length);
        _buffer.AsSpan(_bufferStart, fromBuffer).CopyTo(destination);
        _bufferStart += fromBuffer;
        Position += fromBuffer;
        Span<byte> rest = destination[fromBuffer..];
        if (rest.Length > 0)
        {
            int read = _stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false);
            if (read < rest.Length)
            {
                Position += read;
                throw Truncated(what);
            }
            Position += rest.Length;
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw Truncated(what);
        }
        if (_bufferEnd - _bufferStart < count)
        {
            Fill(count, what);
        }
        var span = new ReadOnlySpan<byte>(_buffer, _bufferStart, count);
        _bufferStart += count;
        Position += count;
        return span;
    }

    private void Fill(int count, string what)
    {
        int buffered = _bufferEnd - _bufferStart;
        _buffer.AsSpan(_bufferStart, buffered).CopyTo(_buffer);
        _bufferStart = 0;
        _bufferEnd = buffered;
        int wanted = (int)Math.Min(_buffer.Length - buffered, Remaining - buffered);
        int read = _stream.ReadAtLeast(_buffer.AsSpan(buffered, wanted), count - buffered, throwOnEndOfStream: false);
        _bufferEnd += read;
        if (_bufferEnd < count)
        {
            throw Truncated(what);
        }
    }
}
