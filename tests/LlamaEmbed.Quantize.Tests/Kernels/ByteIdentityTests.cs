using LlamaEmbed.Gguf;
using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Kernels;

/// <summary>Every managed encoder against <c>ggml_quantize_chunk</c> from the shipped libggml-base, byte for byte.</summary>
public class ByteIdentityTests
{
    public static TheoryData<GgmlType, string> Cases()
    {
        var data = new TheoryData<GgmlType, string>();
        foreach (GgmlType type in GgmlQuantizer.SupportedTypes)
        {
            foreach (string kind in TestRows.Kinds)
            {
                data.Add(type, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Managed_blocks_equal_ggml_reference(GgmlType type, string kind)
    {
        float[] source = TestRows.Make(kind);
        byte[] expected = NativeGgml.Quantize(type, source, TestRows.RowLength);
        var actual = new byte[expected.Length];

        long written = GgmlQuantizer.Quantize(type, source, actual, TestRows.RowLength);

        Assert.Equal(expected.Length, written);
        AssertSameBlocks(type, expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Row_validation_agrees_with_ggml(GgmlType type, string kind)
    {
        var encoded = new byte[TestRows.Rows * GgmlTypeInfo.RowBytes(type, TestRows.RowLength)];
        GgmlQuantizer.Quantize(type, TestRows.Make(kind), encoded, TestRows.RowLength);

        bool valid = GgmlQuantizer.IsValidRowData(type, encoded);

        Assert.Equal(NativeGgml.Validate(type, encoded), valid);
        // Only magnitudes past fp16's range may produce rows llama.cpp refuses.
        Assert.True(valid || kind is "huge" or "mixed-blocks", $"{type} rows of '{kind}' failed validation");
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    public void Parallel_and_serial_runs_write_the_same_bytes(GgmlType type)
    {
        float[] source = TestRows.Make("normal", rows: 600, rowLength: 256);
        var serial = new byte[600 * GgmlTypeInfo.RowBytes(type, 256)];
        var parallel = new byte[serial.Length];

        GgmlQuantizer.Quantize(type, source, serial, 256, maxDegreeOfParallelism: 1);
        GgmlQuantizer.Quantize(type, source, parallel, 256);

        Assert.Equal(serial, parallel);
        Assert.Equal(NativeGgml.Quantize(type, source, 256), parallel);
    }

    private static void AssertSameBlocks(GgmlType type, byte[] expected, byte[] actual)
    {
        int blockBytes = GgmlTypeInfo.BlockBytes(type);
        for (int offset = 0; offset < expected.Length; offset += blockBytes)
        {
            if (!expected.AsSpan(offset, blockBytes).SequenceEqual(actual.AsSpan(offset, blockBytes)))
            {
                Assert.Fail($"{type} block {offset / blockBytes} differs.\n ggml:    {Convert.ToHexString(expected, offset, blockBytes)}\n managed: {Convert.ToHexString(actual, offset, blockBytes)}");
            }
        }
    }
}
