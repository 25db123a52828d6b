namespace LlamaEmbed.Conversion;

/// <summary>Exact widening of 16-bit floats to float: F16 through <see cref="Half"/>, BF16 by a 16-bit shift.</summary>
internal static class FloatWidening
{
    public static void HalfToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (float)BitConverter.UInt16BitsToHalf(source[i]);
        }
    }

    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
        }
    }
}
