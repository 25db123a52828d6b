using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Managed ggml quantization: converts float32 rows to a ggml tensor type and back. The output is byte-identical to
/// ggml's reference quantizer (<c>ggml_quantize_chunk</c> without an importance matrix), which is what
/// <c>llama_model_quantize</c> writes for these types.
/// </summary>
/// <remarks>
/// Supported: <see cref="GgmlType.Q8_0"/>, <see cref="GgmlType.Q4_0"/>, <see cref="GgmlType.Q5_0"/>,
/// <see cref="GgmlType.Q4_K"/>, <see cref="GgmlType.Q6_K"/>, <see cref="GgmlType.F16"/>, <see cref="GgmlType.BF16"/>
/// and <see cref="GgmlType.F32"/>. Rows are independent, so large inputs are split into row chunks and run in
/// parallel; the result does not depend on the degree of parallelism. All methods are thread-safe.
/// </remarks>
public static class GgmlQuantizer
{
    /// <summary>Work items smaller than this many values are not worth a thread hop.</summary>
    private const int ValuesPerWorkItem = 1 << 16;

    private static readonly GgmlType[] s_supported =
        [GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q5_0, GgmlType.Q4_0, GgmlType.Q6_K, GgmlType.Q4_K];

    /// <summary>The types this class can encode and decode.</summary>
    public static IReadOnlyList<GgmlType> SupportedTypes => s_supported;

    /// <summary>True when <paramref name="type"/> has a managed encoder and decoder here.</summary>
    public static bool IsSupported(GgmlType type) => Array.IndexOf(s_supported, type) >= 0;

    /// <summary>
    /// Encodes <paramref name="source"/>, a sequence of rows of <paramref name="rowLength"/> values, as
    /// <paramref name="type"/> into <paramref name="destination"/>.
    /// </summary>
    /// <param name="type">The target type.</param>
    /// <param name="source">Whole rows of float32 values (ggml order: each row contiguous).</param>
    /// <param name="destination">Receives <c>rows × GgmlTypeInfo.RowBytes(type, rowLength)</c> bytes.</param>
    /// <param name="rowLength">Values per row (<c>ne0</c>); a multiple of the type's block size.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use at most; −1 uses every core, 1 runs on the caller's thread.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="NotSupportedException"><paramref name="type"/> has no managed encoder (see <see cref="SupportedTypes"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not a positive multiple of the block size,
    /// <paramref name="source"/> is not a whole number of rows, or <paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public static unsafe long Quantize(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination, int rowLength, int maxDegreeOfParallelism = -1)
    {
        CheckParallelism(maxDegreeOfParallelism);
        long rowBytes = CheckShape(type, source.Length, rowLength, nameof(source));
        long rows = source.Length / rowLength;
        long bytes = rows * rowBytes;
        if (destination.Length < bytes)
        {
            throw new ArgumentException($"{rows} rows of {rowLength} values as {type} need {bytes} bytes; the destination has {destination.Length}.", nameof(destination));
        }
        fixed (float* src = source)
        fixed (byte* dst = destination)
        {
            var job = new RowJob((nint)src, (nint)dst, rowLength, (int)rowBytes, rows);
            switch (type)
            {
                case GgmlType.Q8_0: Encode<Q8_0Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q4_0: Encode<Q4_0Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q5_0: Encode<Q5_0Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q4_K: Encode<Q4_KKernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q6_K: Encode<Q6_KKernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.F16: Encode<F16Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.BF16: Encode<BF16Kernel>(job, maxDegreeOfParallelism); break;
                default: Encode<F32Kernel>(job, maxDegreeOfParallelism); break;
            }
        }
        return bytes;
    }

    /// <summary>
    /// Decodes rows of <paramref name="type"/> in <paramref name="source"/> into <paramref name="destination"/>, whose
    /// length (a whole number of rows of <paramref name="rowLength"/>) sets how many rows are read.
    /// </summary>
    /// <param name="type">The encoded type.</param>
    /// <param name="source">Encoded rows; at least <c>rows × GgmlTypeInfo.RowBytes(type, rowLength)</c> bytes.</param>
    /// <param name="destination">Receives the float32 values.</param>
    /// <param name="rowLength">Values per row (<c>ne0</c>); a multiple of the type's block size.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use at most; −1 uses every core, 1 runs on the caller's thread.</param>
    /// <remarks>The arithmetic follows ggml's <c>dequantize_row_*</c> functions, so values equal what ggml decodes.</remarks>
    /// <exception cref="NotSupportedException"><paramref name="type"/> has no managed decoder (see <see cref="SupportedTypes"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="rowLength"/> is not a positive multiple of the block size,
    /// <paramref name="destination"/> is not a whole number of rows, or <paramref name="source"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public static unsafe void Dequantize(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination, int rowLength, int maxDegreeOfParallelism = -1)
    {
        CheckParallelism(maxDegreeOfParallelism);
        long rowBytes = CheckShape(type, destination.Length, rowLength, nameof(destination));
        long rows = destination.Length / rowLength;
        long bytes = rows * rowBytes;
        if (source.Length < bytes)
        {
            throw new ArgumentException($"{rows} rows of {rowLength} values as {type} need {bytes} bytes; the source has {source.Length}.", nameof(source));
        }
        fixed (byte* src = source)
        fixed (float* dst = destination)
        {
            var job = new RowJob((nint)dst, (nint)src, rowLength, (int)rowBytes, rows);
            switch (type)
            {
                case GgmlType.Q8_0: Decode<Q8_0Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q4_0: Decode<Q4_0Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q5_0: Decode<Q5_0Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q4_K: Decode<Q4_KKernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.Q6_K: Decode<Q6_KKernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.F16: Decode<F16Kernel>(job, maxDegreeOfParallelism); break;
                case GgmlType.BF16: Decode<BF16Kernel>(job, maxDegreeOfParallelism); break;
                default: Decode<F32Kernel>(job, maxDegreeOfParallelism); break;
            }
        }
    }

    /// <summary>
    /// The managed twin of <c>ggml_validate_row_data</c>: false when <paramref name="data"/> is not a whole number of
    /// blocks or a stored scale (or, for float types, a value) is infinite or NaN. llama.cpp refuses such rows, and
    /// ggml's quantizers produce them only from non-finite input or from magnitudes beyond fp16 (about 65504·127 for Q8_0).
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="type"/> is not in <see cref="SupportedTypes"/>.</exception>
    public static bool IsValidRowData(GgmlType type, ReadOnlySpan<byte> data)
    {
        if (!IsSupported(type))
        {
            throw Unsupported(type);
        }
        int blockBytes = GgmlTypeInfo.BlockBytes(type);
        if (data.Length % blockBytes != 0)
        {
            return false;
        }
        return type switch
        {
            GgmlType.F32 => AllFinite(data, 4, 0, 4),
            GgmlType.BF16 => AllFinite(data, 2, 0, 2),
            GgmlType.F16 => AllFinite(data, 2, 0, 2),
            GgmlType.Q4_K => AllFinite(data, blockBytes, 0, 2) && AllFinite(data, blockBytes, 2, 2),
            GgmlType.Q6_K => AllFinite(data, blockBytes, 208, 2),
            _ => AllFinite(data, blockBytes, 0, 2), // Q8_0, Q4_0, Q5_0: d leads the block
        };

        bool AllFinite(ReadOnlySpan<byte> bytes, int stride, int offset, int width)
        {
            for (int at = offset; at < bytes.Length; at += stride)
            {
                bool finite = width == 4
                    ? float.IsFinite(BitConverter.ToSingle(bytes[at..]))
                    : type == GgmlType.BF16
                        ? (BitConverter.ToUInt16(bytes[at..]) & 0x7F80) != 0x7F80
                        : (BitConverter.ToUInt16(bytes[at..]) & 0x7C00) != 0x7C00;
                if (!finite)
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static long CheckShape(GgmlType type, int valueCount, int rowLength, string valuesName)
    {
        if (!IsSupported(type))
        {
            throw Unsupported(type);
        }
        int blockSize = GgmlTypeInfo.BlockSize(type);
        if (rowLength <= 0 || rowLength % blockSize != 0)
        {
            throw new ArgumentException($"A row of {type} must be a positive multiple of {blockSize} values, not {rowLength}.", nameof(rowLength));
        }
        if (valueCount % rowLength != 0)
        {
            throw new ArgumentException($"{valueCount} values are not a whole number of rows of {rowLength}.", valuesName);
        }
        return GgmlTypeInfo.RowBytes(type, rowLength);
    }

    private static void CheckParallelism(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for every core or a positive thread count.");
        }
    }

    private static NotSupportedException Unsupported(GgmlType type) =>
        new($"There is no managed quantizer for {type}; supported: {string.Join(", ", s_supported)}.");

    private static unsafe void Encode<TKernel>(RowJob job, int maxDegreeOfParallelism)
        where TKernel : IRowKernel =>
        job.Run(maxDegreeOfParallelism, static (floats, bytes, rowLength, rowBytes) =>
            TKernel.QuantizeRow(new ReadOnlySpan<float>((float*)floats, rowLength), new Span<byte>((byte*)bytes, rowBytes)));

    private static unsafe void Decode<TKernel>(RowJob job, int maxDegreeOfParallelism)
        where TKernel : IRowKernel =>
        job.Run(maxDegreeOfParallelism, static (floats, bytes, rowLength, rowBytes) =>
            TKernel.DequantizeRow(new ReadOnlySpan<byte>((byte*)bytes, rowBytes), new Span<float>((float*)floats, rowLength)));

    /// <summary>Pinned float rows and their encoded twins, walked in row chunks on the thread pool.</summary>
    private readonly record struct RowJob(nint Floats, nint Bytes, int RowLength, int RowBytes, long Rows)
    {
        public void Run(int maxDegreeOfParallelism, Action<nint, nint, int, int> row)
        {
            long rowsPerItem = Math.Max(1, ValuesPerWorkItem / RowLength);
            long items = (Rows + rowsPerItem - 1) / rowsPerItem;
            if (items <= 1 || maxDegreeOfParallelism == 1)
            {
                RunRange(0, Rows, row);
                return;
            }
            var job = this;
            Parallel.For(0L, items, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                item => job.RunRange(item * rowsPerItem, Math.Min(job.Rows, (item + 1) * rowsPerItem), row));
        }

        private void RunRange(long first, long end, Action<nint, nint, int, int> row)
        {
            for (long r = first; r < end; r++)
            {
                row(Floats + (nint)(r * RowLength * sizeof(float)), Bytes + (nint)(r * RowBytes), RowLength, RowBytes);
            }
        }
    }
}
