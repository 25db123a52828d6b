using System.Buffers;
using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>
/// The managed engine: streams the tensors of a float GGUF into a quantized GGUF in slabs of whole rows, so memory
/// stays bounded (about <see cref="SlabValues"/> floats plus their source and encoded bytes) whatever the model size.
/// The file matches <c>llama_model_quantize</c>'s: same keys in the same order, same tensor order, same bytes.
/// </summary>
internal static class ManagedGgufWriter
{
    /// <summary>Values converted per slab (16 MiB of floats).</summary>
    internal const int SlabValues = 1 << 22;

    private const int CopyChunkBytes = 1 << 22;

    /// <summary>Keys llama.cpp drops or rewrites in its output.</summary>
    private static readonly string[] s_replacedKeys =
        ["general.quantization_version", "general.file_type", "split.no", "split.count", "split.tensors.count"];

    public static void Write(GgufReader reader, IReadOnlyList<TensorQuantizationPlan> plan, GgufQuantizeOptions options, Stream output, CancellationToken cancellationToken)
    {
        CheckSupported(plan, options);
        using var writer = new GgufWriter(output, leaveOpen: true);
        foreach ((string key, GgufValue value) in reader.Metadata)
        {
            if (!s_replacedKeys.Contains(key))
            {
                writer.Metadata.Add(key, value);
            }
        }
        writer.Metadata.Add("general.quantization_version", GgufValue.UInt32(2));
        writer.Metadata.Add("general.file_type", GgufValue.UInt32(GgufQuantizationTypes.FileType(options.Type)));
        foreach (TensorQuantizationPlan tensor in plan)
        {
            writer.AddTensor(tensor.Name, tensor.TargetType, [.. tensor.Shape]);
        }
        writer.WriteHeader();

        long totalBytes = Math.Max(1, plan.Sum(t => t.SourceBytes));
        long doneBytes = 0;
        int maxThreads = options.Threads > 0 ? options.Threads : -1;
        for (int i = 0; i < plan.Count; i++)
        {
            TensorQuantizationPlan tensor = plan[i];
            reader.TryGetTensor(tensor.Name, out GgufTensorInfo? info);
            using Stream source = reader.OpenTensorStream(info!);
            long before = doneBytes;
            void Advance(long bytes)
            {
                doneBytes += bytes;
                options.Progress?.Report(new GgufQuantizationProgress(i, plan.Count, tensor.Name, (double)doneBytes / totalBytes));
            }
            if (tensor.IsConverted)
            {
                Convert(tensor, source, writer, maxThreads, Advance, cancellationToken);
            }
            else
            {
                Copy(source, writer, Advance, cancellationToken);
            }
            doneBytes = before + tensor.SourceBytes;
        }
        writer.Complete();
        options.Progress?.Report(new GgufQuantizationProgress(plan.Count, plan.Count, null, 1));
    }

    private static void CheckSupported(IReadOnlyList<TensorQuantizationPlan> plan, GgufQuantizeOptions options)
    {
        foreach (TensorQuantizationPlan tensor in plan.Where(t => t.IsConverted))
        {
            if (!GgmlQuantizer.IsSupported(tensor.TargetType))
            {
                throw new NotSupportedException(
                    $"The managed quantizer cannot write {tensor.TargetType} (tensor '{tensor.Name}' under {options.Type}); it writes {string.Join(", ", GgmlQuantizer.SupportedTypes)}. Use the native engine.");
            }
            if (GgufQuantizationTypes.IsQuantized(tensor.SourceType) && !options.AllowRequantize)
            {
                throw new InvalidOperationException(
                    $"Tensor '{tensor.Name}' is already {tensor.SourceType}; requantizing loses precision and is off unless AllowRequantize (--allow-requantize) is set.");
            }
            if (!GgmlQuantizer.IsSupported(tensor.SourceType))
            {
                throw new NotSupportedException(
                    $"The managed quantizer cannot read {tensor.SourceType} (tensor '{tensor.Name}'); use the native engine.");
            }
        }
    }

    private static void Copy(Stream source, GgufWriter writer, Action<long> advance, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyChunkBytes);
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.WriteTensorData(buffer.AsSpan(0, read));
                advance(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Convert(TensorQuantizationPlan tensor, Stream source, GgufWriter writer, int maxThreads, Action<long> advance, CancellationToken cancellationToken)
    {
        int rowLength = checked((int)tensor.RowLength);
        int sourceRowBytes = checked((int)GgmlTypeInfo.RowBytes(tensor.SourceType, rowLength));
        int targetRowBytes = checked((int)GgmlTypeInfo.RowBytes(tensor.TargetType, rowLength));
        int slabRows = (int)Math.Clamp(SlabValues / rowLength, 1, tensor.RowCount);
        float[] values = ArrayPool<float>.Shared.Rent(slabRows * rowLength);
        byte[] encoded = ArrayPool<byte>.Shared.Rent(slabRows * targetRowBytes);
        byte[]? raw = tensor.SourceType == GgmlType.F32 ? null : ArrayPool<byte>.Shared.Rent(slabRows * sourceRowBytes);
        try
        {
            for (long row = 0; row < tensor.RowCount; row += slabRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = (int)Math.Min(slabRows, tensor.RowCount - row);
                Span<float> slab = values.AsSpan(0, rows * rowLength);
                if (raw is null)
                {
                    source.ReadExactly(MemoryMarshal.AsBytes(slab));
                }
                else
                {
                    Span<byte> sourceBytes = raw.AsSpan(0, rows * sourceRowBytes);
                    source.ReadExactly(sourceBytes);
                    GgmlQuantizer.Dequantize(tensor.SourceType, sourceBytes, slab, rowLength, maxThreads);
                }
                Span<byte> output = encoded.AsSpan(0, rows * targetRowBytes);
                GgmlQuantizer.Quantize(tensor.TargetType, slab, output, rowLength, maxThreads);
                if (!GgmlQuantizer.IsValidRowData(tensor.TargetType, output))
                {
                    throw new GgufQuantizationException(
                        $"Tensor '{tensor.Name}' rows {row}–{row + rows - 1} quantized to {tensor.TargetType} with an infinite or NaN scale (values beyond what the type's fp16 scale holds, or non-finite input); llama.cpp would refuse them too.");
                }
                writer.WriteTensorData(output);
                advance((long)rows * sourceRowBytes);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(encoded);
            if (raw is not null)
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
    }
}
