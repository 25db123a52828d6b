using LlamaEmbed.Gguf;
using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Kernels;

public class ArgumentTests
{
    [Fact]
    public void Quantize_rejects_a_type_without_a_managed_kernel()
    {
        var ex = Assert.Throws<NotSupportedException>(() => GgmlQuantizer.Quantize(GgmlType.IQ2_XXS, new float[256], new byte[66], 256));
        Assert.Contains("IQ2_XXS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantize_rejects_a_row_that_is_not_whole_blocks()
    {
        var ex = Assert.Throws<ArgumentException>(() => GgmlQuantizer.Quantize(GgmlType.Q4_K, new float[384], new byte[1000], 384));
        Assert.Equal("rowLength", ex.ParamName);
    }

    [Fact]
    public void Quantize_rejects_a_partial_row_and_a_short_destination()
    {
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => GgmlQuantizer.Quantize(GgmlType.Q8_0, new float[48], new byte[100], 32)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => GgmlQuantizer.Quantize(GgmlType.Q8_0, new float[64], new byte[67], 32)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => GgmlQuantizer.Quantize(GgmlType.Q8_0, new float[64], new byte[68], 32, maxDegreeOfParallelism: 0));
    }

    [Fact]
    public void Dequantize_rejects_a_short_source()
    {
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => GgmlQuantizer.Dequantize(GgmlType.Q6_K, new byte[209], new float[256], 256)).ParamName);
    }

    [Fact]
    public void Empty_input_writes_nothing()
    {
        Assert.Equal(0, GgmlQuantizer.Quantize(GgmlType.Q4_0, ReadOnlySpan<float>.Empty, Span<byte>.Empty, 32));
    }

    [Fact]
    public void Row_validation_refuses_a_partial_block_and_an_infinite_scale()
    {
        Assert.False(GgmlQuantizer.IsValidRowData(GgmlType.Q8_0, new byte[33]));
        var block = new byte[34];
        block[1] = 0x7C; // fp16 +inf as d
        Assert.False(GgmlQuantizer.IsValidRowData(GgmlType.Q8_0, block));
        Assert.True(GgmlQuantizer.IsValidRowData(GgmlType.Q8_0, new byte[34]));
    }
}
