using System.Buffers;
using System.Buffers.Binary;

namespace LlamaEmbed.Gguf;

/// <summary>Widens F16 and BF16 tensor data to float in bounded chunks (both conversions are exact).</summary>
internal static class GgufFloatWidening
{
    private const int ChunkBytes = 1 << 20;

    public static void Widen(GgufReader reader, GgmlType type, long position, long bytes, Span<float> destination)
    {
        byte[] chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, Math.Max(bytes, 2)));
        try
        {
            int written = 0;
            for (long done = 0; done < bytes;)
            {
                int n = (int)Math.Min(chunk.Length & ~1, bytes - done);
                Span<byte> span = chunk.AsSpan(0, n);
                reader.ReadAt(position + done, span);
                for (int i = 0; i < n; i += 2)
                {
                    ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(span[i..]);
                    destination[written++] = type == GgmlType.F16
                        ? (float)BitConverter.UInt16BitsToHalf(bits)
                        : BitConverter.Int32BitsToSingle(bits << 16);
                }
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
