using System.Diagnostics;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Quantizes a GGUF model file to a smaller one, with llama.cpp's <c>llama_model_quantize</c> or LlamaEmbed's own
/// managed engine. Both make the same per-tensor type choices (see <see cref="Plan"/>), keep every metadata key
/// (LlamaEmbed's <c>llamaembed.*</c> prompts and profile included), set <c>general.file_type</c> and
/// <c>general.quantization_version</c> = 2, and write to a temporary file beside the output that is renamed into
/// place only when complete: a failed or cancelled run leaves no partial file.
/// </summary>
/// <remarks>
/// The input is checked by <see cref="GgufModelValidator"/> first, so a file that would make llama.cpp abort the
/// process is refused with a managed exception instead. The methods are thread-safe; runs are independent.
/// <code>
/// var result = GgufQuantizer.Quantize("model-f32.gguf", "model-q8_0.gguf",
///     new GgufQuantizeOptions { Type = GgufQuantizationType.Q8_0, Engine = GgufQuantizerEngine.Managed });
/// </code>
/// </remarks>
public static class GgufQuantizer
{
    /// <summary>Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/>.</summary>
    /// <param name="inputPath">A GGUF model (F32, F16 or BF16 tensors; quantized ones need <see cref="GgufQuantizeOptions.AllowRequantize"/>).</param>
    /// <param name="outputPath">The file to write; its folder must exist.</param>
    /// <param name="options">Type, engine, threads and the other choices.</param>
    /// <param name="cancellationToken">
    /// Stops the run and leaves nothing at <paramref name="outputPath"/>. llama.cpp cannot be interrupted inside
    /// <c>llama_model_quantize</c>: with the native engine the call returns at once and the abandoned run finishes in
    /// the background, its output deleted when it ends.
    /// </param>
    /// <returns>Sizes, timing and each tensor's types.</returns>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="InvalidDataException">The input is not a GGUF, or llama.cpp would refuse or abort on it.</exception>
    /// <exception cref="DirectoryNotFoundException">The output folder does not exist.</exception>
    /// <exception cref="IOException">The output exists and <see cref="GgufQuantizeOptions.Overwrite"/> is off, or writing failed.</exception>
    /// <exception cref="ArgumentException">The input and output are the same file, an option is out of range, or an override pattern is not a regular expression.</exception>
    /// <exception cref="NotSupportedException">The managed engine cannot write or read a type the plan needs.</exception>
    /// <exception cref="InvalidOperationException">The input is already quantized and requantizing is off (managed engine).</exception>
    /// <exception cref="GgufQuantizationException">llama.cpp failed, or a row quantized to an infinite or NaN scale.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static GgufQuantizationResult Quantize(string inputPath, string outputPath, GgufQuantizeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var clock = Stopwatch.StartNew();
        string input = Path.GetFullPath(inputPath);
        if (string.Equals(input, Path.GetFullPath(outputPath), StringComparison.Ordinal))
        {
            throw new ArgumentException($"The output '{outputPath}' is the input file; write to another path.", nameof(outputPath));
        }
        using StagedOutputFile output = StagedOutputFile.Begin(outputPath, options.Overwrite);
        GgufModelValidator.ThrowIfInvalid(input);
        cancellationToken.ThrowIfCancellationRequested();

        IReadOnlyList<TensorQuantizationPlan> plan;
        long inputBytes;
        using (GgufReader reader = GgufReader.Open(input))
        {
            inputBytes = reader.FileLength;
            plan = QuantizationPlanner.Plan(reader, options.Type, options.Pure, options.TensorTypeOverrides);
            if (options.Engine == GgufQuantizerEngine.Managed)
            {
                using var stream = new FileStream(output.TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
                ManagedGgufWriter.Write(reader, plan, options, stream, cancellationToken);
            }
        }
        if (options.Engine == GgufQuantizerEngine.Native)
        {
            using GgufReader header = GgufReader.Open(input);
            NativeGgufQuantizer.Run(input, output, plan, header.DataOffset, options, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        output.Commit();
        return new GgufQuantizationResult
        {
            OutputPath = output.FinalPath,
            Type = options.Type,
            Engine = options.Engine,
            InputBytes = inputBytes,
            OutputBytes = new FileInfo(output.FinalPath).Length,
            Elapsed = clock.Elapsed,
            Tensors = plan,
        };
    }

    /// <summary>Runs <see cref="Quantize"/> on the thread pool.</summary>
    /// <inheritdoc cref="Quantize" path="/param"/>
    /// <inheritdoc cref="Quantize" path="/exception"/>
    /// <returns>Sizes, timing and each tensor's types.</returns>
    public static Task<GgufQuantizationResult> QuantizeAsync(string inputPath, string outputPath, GgufQuantizeOptions options, CancellationToken cancellationToken = default) =>
        Task.Run(() => Quantize(inputPath, outputPath, options, cancellationToken), cancellationToken);

    /// <summary>
    /// The type each tensor of <paramref name="reader"/>'s model gets under <paramref name="options"/>, in output
    /// order, without writing anything: llama.cpp's rules (2-D <c>*weight</c> tensors except norms are quantized; the
    /// output, or a tied token embedding, gets Q6_K in 4/5-bit mixes; Q4_K_M and Q5_K_M give Q6_K to the first and
    /// last eighth of the attn_v and ffn_down layers and every third between; overrides first; rows a block does
    /// not divide fall back Q4_K→Q5_0, Q5_K→Q5_1, Q6_K→Q8_0, then F16).
    /// </summary>
    /// <exception cref="InvalidDataException">The model has no <c>general.architecture</c>.</exception>
    /// <exception cref="ArgumentException">An override pattern is not a valid regular expression.</exception>
    /// <exception cref="NotSupportedException">A chosen type has no shape fallback for some tensor.</exception>
    public static IReadOnlyList<TensorQuantizationPlan> Plan(GgufReader reader, GgufQuantizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        return QuantizationPlanner.Plan(reader, options.Type, options.Pure, options.TensorTypeOverrides);
    }

    private static void CheckOptions(GgufQuantizeOptions options)
    {
        if (!Enum.IsDefined(options.Type))
        {
            throw new ArgumentException($"Unknown quantization type {(int)options.Type}.", nameof(options));
        }
        if (!Enum.IsDefined(options.Engine))
        {
            throw new ArgumentException($"Unknown engine {(int)options.Engine}.", nameof(options));
        }
        if (options.Threads < 0)
        {
            throw new ArgumentException($"Threads must be 0 (every core) or positive, not {options.Threads}.", nameof(options));
        }
        foreach (TensorTypeOverride rule in options.TensorTypeOverrides)
        {
            if (!GgmlTypeInfo.IsKnown(rule.Type))
            {
                throw new ArgumentException($"Override '{rule.Pattern}' names unknown type id {(int)rule.Type}.", nameof(options));
            }
        }
    }
}
