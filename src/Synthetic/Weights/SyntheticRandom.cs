using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// A fast deterministic generator: four xoshiro256+ streams side by side in one 256-bit vector, seeded from the
/// model seed and a tensor's name, so each tensor's values depend on nothing else (not on tensor order, not on
/// chunk sizes). Each step yields eight 24-bit uniforms, taken from the upper 24 bits of each 32-bit half.
/// </summary>
internal struct SyntheticRandom
{
    private const float Unit = 1f / (1 << 23);
    private Vector256<ulong> _s0, _s1, _s2, _s3;

    public SyntheticRandom(ulong seed, string stream)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(stream))
        {
            h = (h ^ b) * 0x100000001b3UL;
        }
        ulong x = seed ^ h;
        _s0 = Vector256.Create(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
        _s1 = Vector256.Create(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
        _s2 = Vector256.Create(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
        _s3 = Vector256.Create(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
    }

    /// <summary>Fills <paramref name="destination"/> with <c>mean + std·u</c>, u uniform with unit variance (|u| ≤ √3).</summary>
    /// <remarks>Consumes one step per 8 values (a partial last step included), so only a fill's length decides the stream position.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Span<float> destination, float mean, float std)
    {
        var scale = Vector256.Create(std * MathF.Sqrt(3f) * Unit);
        var offset = Vector256.Create(mean);
        var center = Vector256.Create(1 << 23);
        int i = 0;
        for (; i + 8 <= destination.Length; i += 8)
        {
            Next(scale, offset, center).CopyTo(destination[i..]);
        }
        if (i < destination.Length)
        {
            Span<float> tail = stackalloc float[8];
            Next(scale, offset, center).CopyTo(tail);
            tail[..(destination.Length - i)].CopyTo(destination[i..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Next(Vector256<float> scale, Vector256<float> offset, Vector256<int> center)
    {
        Vector256<ulong> result = _s0 + _s3;
        Vector256<ulong> t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = (_s3 << 45) | (_s3 >>> 19);
        Vector256<int> uniform = (result.AsUInt32() >>> 8).AsInt32() - center;
        return Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(uniform), scale, offset);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
