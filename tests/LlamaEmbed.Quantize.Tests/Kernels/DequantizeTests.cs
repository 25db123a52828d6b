using System.Buffers.Binary;
using LlamaEmbed.Gguf;
using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Kernels;

/// <summary>
/// The decoders against a plain, element-by-element reading of each block layout (llamacpp-notes §7), run on blocks
/// ggml itself wrote, plus the round-trip error each type should keep.
/// </summary>
public class DequantizeTests
{
    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q5_0)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.BF16)]
    [InlineData(GgmlType.F32)]
    public void Decoded_values_equal_a_plain_reading_of_the_format(GgmlType type)
    {
        const int rowLength = 512;
        float[] source = TestRows.Make("normal", rows: 8, rowLength);
        byte[] encoded = NativeGgml.Quantize(type, source, rowLength);
        var decoded = new float[source.Length];

        GgmlQuantizer.Dequantize(type, encoded, decoded, rowLength);

        for (int i = 0; i < source.Length; i++)
        {
            Assert.Equal(PlainValue(type, encoded, i), decoded[i]);
        }
    }

    [Theory]
    [InlineData(GgmlType.Q8_0, 0.01)]
    [InlineData(GgmlType.Q6_K, 0.03)]
    [InlineData(GgmlType.Q5_0, 0.06)]
    [InlineData(GgmlType.Q4_K, 0.1)]
    [InlineData(GgmlType.Q4_0, 0.12)]
    [InlineData(GgmlType.F16, 0.001)]
    [InlineData(GgmlType.BF16, 0.005)]
    public void Round_trip_relative_error_stays_within_the_types_precision(GgmlType type, double maxRelativeError)
    {
        float[] source = TestRows.Make("normal", rows: 16, rowLength: 1024);
        var encoded = new byte[16 * GgmlTypeInfo.RowBytes(type, 1024)];
        var decoded = new float[source.Length];

        GgmlQuantizer.Quantize(type, source, encoded, 1024);
        GgmlQuantizer.Dequantize(type, encoded, decoded, 1024);

        double error = 0;
        double norm = 0;
        for (int i = 0; i < source.Length; i++)
        {
            error += (decoded[i] - source[i]) * (double)(decoded[i] - source[i]);
            norm += source[i] * (double)source[i];
        }
        Assert.InRange(Math.Sqrt(error / norm), 0, maxRelativeError);
    }

    /// <summary>Element <paramref name="i"/> of a row-major encoding, read straight from the documented layout.</summary>
    private static float PlainValue(GgmlType type, byte[] data, int i)
    {
        int blockSize = GgmlTypeInfo.BlockSize(type);
        int b = i / blockSize * GgmlTypeInfo.BlockBytes(type);
        int j = i % blockSize;
        switch (type)
        {
            case GgmlType.F32:
                return BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i));
            case GgmlType.F16:
                return (float)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(2 * i));
            case GgmlType.BF16:
                return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2 * i)) << 16);
            case GgmlType.Q8_0:
                return (sbyte)data[b + 2 + j] * Half(data, b);
            case GgmlType.Q4_0:
            {
                int q = j < 16 ? data[b + 2 + j] & 15 : data[b + 2 + j - 16] >> 4;
                return (q - 8) * Half(data, b);
            }
            case GgmlType.Q5_0:
            {
                uint qh = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(b + 2));
                int low = j < 16 ? data[b + 6 + j] & 15 : data[b + 6 + j - 16] >> 4;
                int q = low | (int)((qh >> j) & 1) << 4;
                return (q - 16) * Half(data, b);
            }
            case GgmlType.Q4_K:
            {
                int sub = j / 32;
                int chunk = j / 64;
                int l = j % 32;
                int q = sub % 2 == 0 ? data[b + 16 + 32 * chunk + l] & 15 : data[b + 16 + 32 * chunk + l] >> 4;
                var scales = data.AsSpan(b + 4, 12);
                int sc = sub < 4 ? scales[sub] & 63 : (scales[sub + 4] & 15) | (scales[sub - 4] >> 6) << 4;
                int m = sub < 4 ? scales[sub + 4] & 63 : (scales[sub + 4] >> 4) | (scales[sub] >> 6) << 4;
                return Half(data, b) * sc * q - Half(data, b + 2) * m;
            }
            case GgmlType.Q6_K:
            {
                int half = j / 128;
                int r = j % 128;
                int quarter = r / 32;
                int l = r % 32;
                byte ql = data[b + 64 * half + l + (quarter % 2 == 1 ? 32 : 0)];
                int low = quarter < 2 ? ql & 15 : ql >> 4;
                int high = (data[b + 128 + 32 * half + l] >> (2 * quarter)) & 3;
                int scale = (sbyte)data[b + 192 + j / 16];
                return Half(data, b + 208) * scale * ((low | high << 4) - 32);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    private static float Half(byte[] data, int offset) => (float)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(offset));
}
