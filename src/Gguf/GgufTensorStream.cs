namespace LlamaEmbed.Gguf;

/// <summary>A read-only, seekable window onto one tensor's bytes, reading through its <see cref="GgufReader"/>.</summary>
internal sealed class GgufTensorStream : Stream
{
    private readonly GgufReader _reader;
    private readonly long _start;
    private long _position;

    public GgufTensorStream(GgufReader reader, long start, long length)
    {
        _reader = reader;
        _start = start;
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A position cannot be negative.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long available = Length - _position;
        if (available <= 0)
        {
            return 0;
        }
        int n = (int)Math.Min(buffer.Length, available);
        _reader.ReadAt(_start + _position, buffer[..n]);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("A tensor stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A tensor stream is read-only.");
}
