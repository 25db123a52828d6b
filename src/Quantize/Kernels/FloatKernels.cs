using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LlamaEmbed.Quantization;

/// <summary>F16: IEEE binary16 per value, round-to-nearest-even (ggml's <c>ggml_fp32_to_fp16_row</c>).</summary>
internal sealed class F16Kernel : IRowKernel
{
    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Span<ushort> y = MemoryMarshal.Cast<byte, ushort>(destination);
        for (int i = 0; i < source.Length; i++)
        {
            y[i] = ToLittleEndian(ScalarBits.ToHalfBits(source[i]));
        }
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
        }
    }

    internal static ushort ToLittleEndian(ushort bits) =>
        BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits);
}

/// <summary>BF16: the top 16 bits of binary32, round-to-nearest-even (ggml's <c>ggml_fp32_to_bf16_row_ref</c>).</summary>
internal sealed class BF16Kernel : IRowKernel
{
    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Span<ushort> y = MemoryMarshal.Cast<byte, ushort>(destination);
        for (int i = 0; i < source.Length; i++)
        {
            y[i] = F16Kernel.ToLittleEndian(ScalarBits.ToBFloat16Bits(source[i]));
        }
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ScalarBits.FromBFloat16Bits(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
        }
    }
}

/// <summary>F32: the values themselves, little-endian.</summary>
internal sealed class F32Kernel : IRowKernel
{
    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }
        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], source[i]);
        }
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source[..(4 * destination.Length)].CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
        }
    }
}
