using System.Diagnostics;
using LlamaEmbed.Gguf;
using LlamaEmbed.Quantization;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Converts a Hugging Face checkpoint folder to a GGUF file llama.cpp loads, following llama.cpp's
/// <c>convert_hf_to_gguf.py</c> and adding our <c>llamaembed.*</c> keys.
/// </summary>
/// <remarks>
/// <para>Everything is checked before a byte is written: config.json, the tokenizer, the sentence-transformers
/// modules, the adapter, and every safetensors header (names, dtypes and shapes against config.json). The GGUF header
/// is then written in one piece (every tensor's name, type and shape are known from the safetensors headers), and
/// the tensors follow one at a time in blocks of rows: read from the memory-mapped checkpoint, widened exactly to
/// float, transformed (LoRA merge, +1 on Gemma norms, LLaMA Q/K permutation, vocabulary cut) and encoded with the
/// managed ggml kernels. Memory stays at a few tens of megabytes plus the page cache, whatever the model's size.</para>
/// <para>The file is written under a temporary name in the output folder and renamed at the end; on any failure
/// or cancellation the temporary file is deleted and no output appears.</para>
/// </remarks>
public static class GgufConverter
{
    /// <summary>Floats per block of rows (16 MiB).</summary>
    private const int BlockFloats = 1 << 22;

    /// <summary>Converts <paramref name="hfDirectory"/> to <paramref name="outputPath"/>.</summary>
    /// <param name="hfDirectory">The Hugging Face model folder.</param>
    /// <param name="outputPath">The GGUF to write (replaced if it exists).</param>
    /// <param name="options">Output type, attention, pooling, adapter and profile choices.</param>
    /// <param name="progress">Receives progress after each block of rows; may be null.</param>
    /// <param name="cancellationToken">Stops the conversion between blocks; nothing is left behind.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="FileNotFoundException">A required file is missing.</exception>
    /// <exception cref="DirectoryNotFoundException">The model folder or the output folder does not exist.</exception>
    /// <exception cref="SafetensorsFormatException">A safetensors header is malformed or hostile.</exception>
    /// <exception cref="InvalidDataException">Another file is malformed, or a shape disagrees with config.json.</exception>
    /// <exception cref="NotSupportedException">An architecture, dtype, tokenizer or adapter feature the converter does not handle.</exception>
    /// <exception cref="ArgumentException">An option value is invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static ConversionResult Convert(string hfDirectory, string outputPath, ConversionOptions options,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(hfDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        if (options.OutputType is GgmlType requested && !ConversionOptions.SupportedOutputTypes.Contains(requested))
        {
            throw new ArgumentException($"Output type {requested} is not supported; choose one of {string.Join(", ", ConversionOptions.SupportedOutputTypes)}.", nameof(options));
        }
        string fullOutput = Path.GetFullPath(outputPath);
        string outputDirectory = Path.GetDirectoryName(fullOutput)!;
        if (!Directory.Exists(outputDirectory))
        {
            throw new DirectoryNotFoundException($"{outputDirectory}: the output folder does not exist.");
        }

        HuggingFaceCheckpoint checkpoint = HuggingFaceCheckpoint.Open(hfDirectory, options.LoraDirectory);
        IArchitectureConverter converter = ArchitectureRegistry.Select(checkpoint);
        GgufVocabulary vocabulary = VocabularyBuilder.Build(checkpoint, checkpoint.Config.GetInt("vocab_size"));
        string[] excluded = checkpoint.AdapterDirectory == checkpoint.Directory ? ["adapter_model.safetensors"] : [];
        using TensorStore store = TensorStore.OpenFolder(checkpoint.Directory, excluded);
        using LoraAdapter? adapter = checkpoint.AdapterDirectory is string adapterDirectory ? LoraAdapter.Load(adapterDirectory) : null;
        var context = new ConversionContext(checkpoint, vocabulary, store, adapter, options, options.OutputType ?? AutoType(store));
        try
        {
            var metadata = new GgufMetadata();
            metadata.Add("general.architecture", GgufValue.String(converter.Architecture));
            metadata.Add("general.type", GgufValue.String("model"));
            metadata.Add("general.name", GgufValue.String(ModelName(checkpoint)));
            converter.WriteHyperparameters(context, metadata);
            metadata.Set("general.file_type", GgufValue.UInt32(FileType(context.OutputType)));
            metadata.Set("general.quantization_version", GgufValue.UInt32(2));
            IReadOnlyList<PlannedTensor> tensors = converter.PlanTensors(context);
            ProjectionHead? head = converter.Architecture == "gemma3" ? ProjectionHead.Load(context) : null;
            vocabulary.WriteTo(metadata);
            string profile = LlamaEmbedMetadata.Write(context, converter.Architecture, head, metadata);
            cancellationToken.ThrowIfCancellationRequested();
            long bytes = Write(fullOutput, metadata, tensors, options.MaxDegreeOfParallelism, progress, cancellationToken);
            return new ConversionResult(fullOutput, converter.Architecture, profile, tensors.Count, vocabulary.Count, bytes, context.Notes);
        }
        finally
        {
            context.Resources.ForEach(r => r.Dispose());
        }
    }

    private static long Write(string outputPath, GgufMetadata metadata, IReadOnlyList<PlannedTensor> tensors, int parallelism,
        IProgress<ConversionProgress>? progress, CancellationToken cancellationToken)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(outputPath)!, $".{Path.GetFileName(outputPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        try
        {
            using (GgufWriter writer = GgufWriter.Create(temporary))
            {
                foreach (var (key, value) in metadata)
                {
                    writer.Metadata.Add(key, value);
                }
                foreach (PlannedTensor tensor in tensors)
                {
                    Debug.Assert(tensor.Rows.Rows * tensor.Rows.RowLength == tensor.Shape.Aggregate(1L, (a, b) => a * b));
                    writer.AddTensor(tensor.Name, tensor.Type, tensor.Shape);
                }
                writer.WriteHeader();
                WriteTensors(writer, tensors, parallelism, progress, cancellationToken);
                writer.Complete();
            }
            File.Move(temporary, outputPath, overwrite: true);
            return new FileInfo(outputPath).Length;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void WriteTensors(GgufWriter writer, IReadOnlyList<PlannedTensor> tensors, int parallelism,
        IProgress<ConversionProgress>? progress, CancellationToken cancellationToken)
    {
        long total = tensors.Sum(t => t.ByteCount);
        long done = 0;
        float[] floats = [];
        byte[] encoded = [];
        for (int index = 0; index < tensors.Count; index++)
        {
            PlannedTensor tensor = tensors[index];
            ITensorRows rows = tensor.Rows;
            int rowLength = rows.RowLength;
            long rowsPerBlock = rowLength >= tensor.Shape[0] ? Math.Max(1, BlockFloats / rowLength) : rows.Rows;
            for (long first = 0; first < rows.Rows; first += rowsPerBlock)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = checked((int)(Math.Min(rowsPerBlock, rows.Rows - first) * rowLength));
                if (floats.Length < count)
                {
                    floats = new float[count];
                }
                Span<float> block = floats.AsSpan(0, count);
                rows.Read(first, block);
                long needed = GgmlTypeInfo.RowBytes(tensor.Type, tensor.Shape[0]) * (count / tensor.Shape[0]);
                if (encoded.Length < needed)
                {
                    encoded = new byte[needed];
                }
                long written = GgmlQuantizer.Quantize(tensor.Type, block, encoded, checked((int)tensor.Shape[0]), parallelism);
                writer.WriteTensorData(encoded.AsSpan(0, (int)written));
                done += written;
                progress?.Report(new ConversionProgress(tensor.Name, index, tensors.Count, done, total));
            }
        }
    }

    /// <summary>llama.cpp's <c>--outtype auto</c>: BF16 when the first matrix is BF16, else F16.</summary>
    private static GgmlType AutoType(TensorStore store)
    {
        foreach (string name in store.Names)
        {
            SafetensorsTensorInfo info = store.Info(name);
            if (info.Shape.Count >= 2)
            {
                return info.DType == SafetensorsDType.BF16 ? GgmlType.BF16 : GgmlType.F16;
            }
        }
        return GgmlType.F16;
    }

    /// <summary><c>general.file_type</c> (<c>llama_ftype</c>) for an output type.</summary>
    private static uint FileType(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        GgmlType.BF16 => 32,
        _ => throw new ArgumentException($"Output type {type} is not supported.", nameof(type)),
    };

    private static string ModelName(HuggingFaceCheckpoint checkpoint)
    {
        string? named = checkpoint.Config.GetString("_name_or_path");
        string name = string.IsNullOrWhiteSpace(named) ? checkpoint.Directory : named;
        return Path.GetFileName(name.TrimEnd('/', Path.DirectorySeparatorChar));
    }
}
