using System.Text;

namespace LlamaEmbed.Tests;

/// <summary>Writes GGUF bytes field by field, so tests can build headers no well-behaved writer would produce.</summary>
internal sealed class RawGguf
{
    private readonly List<byte> _bytes = [];

    public long Length => _bytes.Count;

    /// <summary>Magic, version and the two counts (24 bytes).</summary>
    public static RawGguf Header(long tensors, long keys, uint version = 3) =>
        new RawGguf().Bytes("GGUF"u8.ToArray()).U32(version).I64(tensors).I64(keys);

    public RawGguf U32(uint value) => Bytes(BitConverter.GetBytes(value));
    public RawGguf I32(int value) => Bytes(BitConverter.GetBytes(value));
    public RawGguf U64(ulong value) => Bytes(BitConverter.GetBytes(value));
    public RawGguf I64(long value) => Bytes(BitConverter.GetBytes(value));

    public RawGguf Bytes(byte[] value)
    {
        _bytes.AddRange(value);
        return this;
    }

    /// <summary>A GGUF string: u64 byte length, then UTF-8.</summary>
    public RawGguf Str(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        return U64((ulong)bytes.Length).Bytes(bytes);
    }

    /// <summary>A tensor record: name, dims, ggml type id, offset.</summary>
    public RawGguf Tensor(string name, int type, ulong offset, params long[] shape)
    {
        Str(name).U32((uint)shape.Length);
        foreach (long d in shape)
        {
            I64(d);
        }
        return I32(type).U64(offset);
    }

    /// <summary>Zero bytes up to a multiple of <paramref name="alignment"/>.</summary>
    public RawGguf PadTo(int alignment) => Bytes(new byte[(alignment - (int)(Length % alignment)) % alignment]);

    public byte[] ToArray() => [.. _bytes];
}
