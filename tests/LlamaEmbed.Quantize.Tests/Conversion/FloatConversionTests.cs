using System.Buffers.Binary;
using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>F16/BF16 sources and outputs are exact: widening is lossless, narrowing rounds to nearest even.</summary>
public sealed class FloatConversionTests
{
    [Theory]
    [InlineData(SafetensorsDType.F16, GgmlType.F16)]
    [InlineData(SafetensorsDType.BF16, GgmlType.BF16)]
    public void SameWidthSource_IsCopiedBitForBit(SafetensorsDType source, GgmlType output)
    {
        using var temp = new TempDirectory("exact");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"), source);

        TestConvert.Run(hf.Directory, temp.Combine("out.gguf"), new ConversionOptions { OutputType = output });

        using var gguf = new GgufFile(temp.Combine("out.gguf"));
        byte[] bytes = gguf.Bytes("blk.0.ffn_gate.weight");
        float[] hfValues = hf.Tensors["model.layers.0.mlp.gate_proj.weight"].Values;
        for (int i = 0; i < hfValues.Length; i++)
        {
            ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2));
            float value = output == GgmlType.F16 ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.Int32BitsToSingle(bits << 16);
            Assert.Equal(hfValues[i], value);
        }
    }

    [Fact]
    public void F32Source_RoundsToNearestEvenForF16AndBF16()
    {
        using var temp = new TempDirectory("round");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"));
        TestConvert.Run(hf.Directory, temp.Combine("f16.gguf"), new ConversionOptions { OutputType = GgmlType.F16 });
        TestConvert.Run(hf.Directory, temp.Combine("bf16.gguf"), new ConversionOptions { OutputType = GgmlType.BF16 });

        float[] values = hf.Tensors["model.layers.1.self_attn.o_proj.weight"].Values;
        using var f16 = new GgufFile(temp.Combine("f16.gguf"));
        using var bf16 = new GgufFile(temp.Combine("bf16.gguf"));
        byte[] h = f16.Bytes("blk.1.attn_output.weight");
        byte[] b = bf16.Bytes("blk.1.attn_output.weight");
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(BitConverter.HalfToUInt16Bits((Half)values[i]), BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(i * 2)));
            uint u = BitConverter.SingleToUInt32Bits(values[i]);
            Assert.Equal((ushort)((u + 0x7fff + ((u >> 16) & 1)) >> 16), BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i * 2)));
        }
        Assert.Equal(GgmlType.F32, f16.Tensor("blk.1.attn_norm.weight").Type);
        Assert.Equal(1u, f16.Metadata.GetUInt32("general.file_type"));
    }

    [Theory]
    [InlineData(GgmlType.Q8_0, 7u, 0.999)]
    [InlineData(GgmlType.Q4_0, 2u, 0.99)]
    public void QuantizedOutput_QuantizesMatricesAndKeepsNormsF32(GgmlType type, uint fileType, double minimumCosine)
    {
        using var temp = new TempDirectory("q8");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"), SafetensorsDType.BF16);

        TestConvert.Run(hf.Directory, temp.Combine("q.gguf"), new ConversionOptions { OutputType = type });

        using var gguf = new GgufFile(temp.Combine("q.gguf"));
        Assert.Equal(type, gguf.Tensor("token_embd.weight").Type);
        Assert.Equal(type, gguf.Tensor("dense_3.weight").Type);
        Assert.Equal(GgmlType.F32, gguf.Tensor("output_norm.weight").Type);
        Assert.Equal(fileType, gguf.Metadata.GetUInt32("general.file_type"));
        float[] expected = hf.Tensors["model.layers.0.mlp.up_proj.weight"].Values;
        float[] actual = gguf.Floats("blk.0.ffn_up.weight");
        double dot = 0, ee = 0, aa = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            dot += expected[i] * actual[i];
            ee += expected[i] * expected[i];
            aa += actual[i] * actual[i];
        }
        Assert.True(dot / Math.Sqrt(ee * aa) > minimumCosine);
    }
}
