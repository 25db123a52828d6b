using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Vector helpers for 32-value blocks that give exactly the scalar reference's bits: only element-wise IEEE
/// operations (one multiply, one add), exact operations (abs, max of finite values, truncation, integer narrowing
/// of in-range values), and a round-half-away-from-zero built from truncation. Callers fall back to the scalar
/// path when a block holds NaN or its inverse scale is not finite, where C's conversions have their own rules.
/// </summary>
internal static class BlockVectors
{
    /// <summary>True when the 256-bit path runs in hardware (otherwise the scalar path is faster).</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>Largest |x| of a 32-value block, or NaN when the block holds a NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AbsMax(ReadOnlySpan<float> block)
    {
        ref float x = ref MemoryMarshal.GetReference(block);
        Vector256<float> a = Vector256.LoadUnsafe(ref x);
        Vector256<float> b = Vector256.LoadUnsafe(ref x, 8);
        Vector256<float> c = Vector256.LoadUnsafe(ref x, 16);
        Vector256<float> d = Vector256.LoadUnsafe(ref x, 24);
        Vector256<float> nan = Vector256.IsNaN(a) | Vector256.IsNaN(b) | Vector256.IsNaN(c) | Vector256.IsNaN(d);
        if (nan != Vector256<float>.Zero)
        {
            return float.NaN;
        }
        Vector256<float> m = Vector256.Max(Vector256.Max(Vector256.Abs(a), Vector256.Abs(b)), Vector256.Max(Vector256.Abs(c), Vector256.Abs(d)));
        Vector128<float> h = Vector128.Max(m.GetLower(), m.GetUpper());
        return MathF.Max(MathF.Max(h[0], h[1]), MathF.Max(h[2], h[3]));
    }

    /// <summary>
    /// Q8_0 levels: <c>(int8)roundf(x·id)</c> for 32 values into <paramref name="levels"/>. Needs a finite
    /// <paramref name="id"/> from the block's own maximum, so every product is within ±127.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RoundScaled(ReadOnlySpan<float> block, float id, Span<byte> levels)
    {
        ref float x = ref MemoryMarshal.GetReference(block);
        var scale = Vector256.Create(id);
        Vector256<int> q0 = RoundHalfAway(Vector256.LoadUnsafe(ref x) * scale);
        Vector256<int> q1 = RoundHalfAway(Vector256.LoadUnsafe(ref x, 8) * scale);
        Vector256<int> q2 = RoundHalfAway(Vector256.LoadUnsafe(ref x, 16) * scale);
        Vector256<int> q3 = RoundHalfAway(Vector256.LoadUnsafe(ref x, 24) * scale);
        Vector256<sbyte> packed = Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3));
        packed.AsByte().StoreUnsafe(ref MemoryMarshal.GetReference(levels));
    }

    /// <summary>
    /// Q4_0 levels <c>min(15, trunc(x·id + 8.5))</c> for 32 values, packed as nibbles (byte j: element j low,
    /// element j+16 high). Needs a finite <paramref name="id"/> from the block's own maximum (sums within [0, 17)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Q4Nibbles(ReadOnlySpan<float> block, float id, Span<byte> nibbles)
    {
        ref float x = ref MemoryMarshal.GetReference(block);
        var scale = Vector256.Create(id);
        var offset = Vector256.Create(8.5f);
        var top = Vector256.Create(15);
        Vector256<int> low0 = Vector256.Min(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref x) * scale + offset), top);
        Vector256<int> low1 = Vector256.Min(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref x, 8) * scale + offset), top);
        Vector256<int> high0 = Vector256.Min(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref x, 16) * scale + offset), top);
        Vector256<int> high1 = Vector256.Min(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref x, 24) * scale + offset), top);
        Vector256<ushort> words = Vector256.Narrow(low0 | (high0 << 4), low1 | (high1 << 4)).AsUInt16();
        Vector128.Narrow(words.GetLower(), words.GetUpper()).StoreUnsafe(ref MemoryMarshal.GetReference(nibbles));
    }

    /// <summary>Round half away from zero of values below 2²³ in magnitude, as integers (C's <c>roundf</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RoundHalfAway(Vector256<float> q)
    {
        Vector256<float> whole = Vector256.Truncate(q);
        Vector256<float> fraction = Vector256.Abs(q - whole);
        Vector256<float> step = Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(fraction, Vector256.Create(0.5f)),
            Vector256.CopySign(Vector256<float>.One, q),
            Vector256<float>.Zero);
        return Vector256.ConvertToInt32(whole + step);
    }
}
