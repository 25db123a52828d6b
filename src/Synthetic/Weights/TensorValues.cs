using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>Draws a tensor's values and encodes them in its storage type, chunk by chunk.</summary>
internal static class TensorValues
{
    /// <summary>Elements per chunk; a multiple of 8 so the generator's eight-value steps never straddle chunks.</summary>
    public const int ChunkElements = 1 << 20;

    /// <summary>Mean and standard deviation of the random values of <paramref name="tensor"/>.</summary>
    public static (float Mean, float Std) Distribution(SyntheticModelSpec spec, SyntheticTensor tensor) => tensor.Role switch
    {
        SyntheticTensorRole.Norm => (1f, 0.02f),
        SyntheticTensorRole.Bias => (0f, 0.02f * spec.WeightScale),
        SyntheticTensorRole.TokenEmbedding or SyntheticTensorRole.OutputHead => (0f, spec.WeightScale / MathF.Sqrt(spec.EmbeddingLength)),
        _ => (0f, spec.WeightScale / MathF.Sqrt(tensor.FanIn)),
    };

    /// <summary>Streams the encoded bytes of <paramref name="tensor"/> to <paramref name="sink"/>.</summary>
    public static void Write(SyntheticModelSpec spec, SyntheticTensor tensor, Action<ReadOnlySpan<byte>> sink)
    {
        float[]? fixedValues = spec.OverrideTensor?.Invoke(tensor);
        if (fixedValues is not null && fixedValues.LongLength != tensor.ElementCount)
        {
            throw new InvalidOperationException($"The override for {tensor.Name} has {fixedValues.LongLength} values; the tensor has {tensor.ElementCount}.");
        }
        var random = new SyntheticRandom(spec.Seed, tensor.Name);
        (float mean, float std) = Distribution(spec, tensor);
        int chunk = (int)Math.Min(ChunkElements, tensor.ElementCount);
        float[] values = fixedValues is null ? new float[chunk] : [];
        byte[] encoded = new byte[chunk * ElementBytes(tensor.Type)];
        for (long done = 0; done < tensor.ElementCount; done += chunk)
        {
            int n = (int)Math.Min(chunk, tensor.ElementCount - done);
            ReadOnlySpan<float> source;
            if (fixedValues is null)
            {
                random.Fill(values.AsSpan(0, n), mean, std);
                source = values.AsSpan(0, n);
            }
            else
            {
                source = fixedValues.AsSpan((int)done, n);
            }
            int bytes = Encode(source, tensor.Type, encoded);
            sink(encoded.AsSpan(0, bytes));
        }
    }

    /// <summary>The values of <paramref name="tensor"/> as stored in the file (after rounding to its type).</summary>
    public static float[] Read(SyntheticModelSpec spec, SyntheticTensor tensor)
    {
        var result = new float[tensor.ElementCount];
        long offset = 0;
        Write(spec, tensor, bytes =>
        {
            Span<float> target = result.AsSpan((int)offset);
            switch (tensor.Type)
            {
                case GgmlType.F32:
                    MemoryMarshal.Cast<byte, float>(bytes).CopyTo(target);
                    offset += bytes.Length / 4;
                    break;
                case GgmlType.F16:
                    TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), target);
                    offset += bytes.Length / 2;
                    break;
                default:
                    ReadOnlySpan<ushort> bf = MemoryMarshal.Cast<byte, ushort>(bytes);
                    for (int i = 0; i < bf.Length; i++)
                    {
                        target[i] = BitConverter.UInt32BitsToSingle((uint)bf[i] << 16);
                    }
                    offset += bf.Length;
                    break;
            }
        });
        return result;
    }

    private static int ElementBytes(GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 or GgmlType.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Synthetic tensors are F32, F16 or BF16."),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Encode(ReadOnlySpan<float> source, GgmlType type, byte[] destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                return source.Length * 4;
            case GgmlType.F16:
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(destination.AsSpan()));
                return source.Length * 2;
            default:
                Span<ushort> target = MemoryMarshal.Cast<byte, ushort>(destination.AsSpan());
                for (int i = 0; i < source.Length; i++)
                {
                    target[i] = ToBFloat16(source[i]);
                }
                return source.Length * 2;
        }
    }

    /// <summary>ggml's float → bf16: round to nearest even, NaN kept quiet.</summary>
    private static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000)
        {
            return (ushort)((bits >> 16) | 64);
        }
        return (ushort)((bits + (0x7FFF + ((bits >> 16) & 1))) >> 16);
    }
}
