namespace LlamaEmbed.Quantization;

/// <summary>
/// Scalar conversions that reproduce what ggml's C code does bit for bit on x86-64: fp16 and bf16 rounding,
/// <c>nearest_int</c>, and the C float-to-integer cast.
/// </summary>
internal static class ScalarBits
{
    /// <summary>
    /// ggml's <c>GGML_FP32_TO_FP16</c>: IEEE binary16 with round-to-nearest-even; overflow gives ±inf and every NaN
    /// becomes the quiet NaN <c>sign | 0x7E00</c> (the only case where .NET's <see cref="Half"/> cast could differ).
    /// </summary>
    public static ushort ToHalfBits(float value)
    {
        if (float.IsNaN(value))
        {
            return (ushort)(((uint)BitConverter.SingleToInt32Bits(value) >> 16 & 0x8000u) | 0x7E00u);
        }
        return BitConverter.HalfToUInt16Bits((Half)value);
    }

    /// <summary>Exact widening of fp16 bits to float (<c>GGML_FP16_TO_FP32</c>).</summary>
    public static float FromHalfBits(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>
    /// ggml's <c>ggml_compute_fp32_to_bf16</c>: NaN keeps its top 16 bits with the quiet bit forced; everything else
    /// rounds to nearest even (overflow rounds to ±inf).
    /// </summary>
    public static ushort ToBFloat16Bits(float value)
    {
        uint bits = (uint)BitConverter.SingleToInt32Bits(value);
        if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u)
        {
            return (ushort)((bits >> 16) | 64u);
        }
        return (ushort)((bits + (0x7FFFu + ((bits >> 16) & 1u))) >> 16);
    }

    /// <summary>Exact widening of bf16 bits to float (the bits become the top half of a binary32).</summary>
    public static float FromBFloat16Bits(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>
    /// ggml's <c>nearest_int</c>: adds 1.5·2²³ and reads the low mantissa bits. For |value| &lt; 2²² this is
    /// round-half-to-even; outside that range it reproduces the same wrapped result the C code gives.
    /// </summary>
    public static int NearestInt(float value)
    {
        float biased = value + 12582912f;
        return (BitConverter.SingleToInt32Bits(biased) & 0x007F_FFFF) - 0x0040_0000;
    }

    /// <summary>
    /// The C cast <c>(int)value</c> as x86-64 executes it (<c>cvttss2si</c>): truncation toward zero, and
    /// <see cref="int.MinValue"/> for NaN and anything outside the int32 range (.NET saturates instead).
    /// Casting the result to a narrower integer then keeps the low bits, like the C code.
    /// </summary>
    public static int TruncateToInt32(float value) =>
        value >= -2147483648f && value < 2147483648f ? (int)value : int.MinValue;
}
