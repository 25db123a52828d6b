using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Quantizes a model to one or more types and measures, for each, what it keeps of the source model: file size,
/// embedding retention on a probe set (mean and worst cosine against the source model's vectors), top-10 retrieval
/// agreement, throughput and peak memory. Every number is measured on the actual files.
/// </summary>
public sealed class QuantizationReport
{
    private const int TopK = 10;

    private QuantizationReport(string inputPath, int probeCount, QuantizationQuality source, IReadOnlyList<QuantizationQuality> rows)
    {
        InputPath = inputPath;
        ProbeCount = probeCount;
        Source = source;
        Rows = rows;
    }

    /// <summary>The source model.</summary>
    public string InputPath { get; }

    /// <summary>How many probe texts were embedded per model.</summary>
    public int ProbeCount { get; }

    /// <summary>The source model's row (cosines and agreement are 1 by definition).</summary>
    public QuantizationQuality Source { get; }

    /// <summary>One row per quantized file, in the order measured.</summary>
    public IReadOnlyList<QuantizationQuality> Rows { get; }

    /// <summary>
    /// Writes each of <paramref name="outputs"/> with <see cref="GgufQuantizer"/> and measures it against the source.
    /// </summary>
    /// <param name="inputPath">The source model (F32, F16 or BF16).</param>
    /// <param name="outputs">The types to write and where.</param>
    /// <param name="template">Engine, threads, overrides and the other options (its <see cref="GgufQuantizeOptions.Type"/> is replaced per output).</param>
    /// <param name="probeTexts">The texts to embed (at least two); <see cref="ProbeTexts.BuiltIn"/> is a good default.</param>
    /// <param name="loadModel">Loads a model file for embedding.</param>
    /// <param name="cancellationToken">Stops the run; a file being written is not left behind.</param>
    /// <exception cref="ArgumentException">Fewer than two probe texts, or no outputs.</exception>
    public static async Task<QuantizationReport> MeasureAsync(
        string inputPath, IReadOnlyList<(GgufQuantizationType Type, string OutputPath)> outputs, GgufQuantizeOptions template,
        IReadOnlyList<string> probeTexts, ProbeModelLoader loadModel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        CheckArguments(inputPath, template, probeTexts, loadModel);
        if (outputs.Count == 0)
        {
            throw new ArgumentException("Name at least one type to measure.", nameof(outputs));
        }
        (QuantizationQuality source, IReadOnlyList<ReadOnlyMemory<float>> reference) = await MeasureSourceAsync(inputPath, probeTexts, loadModel, cancellationToken).ConfigureAwait(false);
        var rows = new List<QuantizationQuality>();
        foreach ((GgufQuantizationType type, string outputPath) in outputs)
        {
            rows.Add(await QuantizeAndMeasureAsync(inputPath, outputPath, template with { Type = type }, probeTexts, reference, loadModel, cancellationToken).ConfigureAwait(false));
        }
        return new QuantizationReport(Path.GetFullPath(inputPath), probeTexts.Count, source, rows);
    }

    /// <summary>
    /// Tries the types smallest file first (sizes from <see cref="GgufQuantizer.Plan"/>) and keeps the first whose
    /// worst-case cosine is at least <paramref name="minWorstCosine"/> at <paramref name="outputPath"/>; the other
    /// candidates are deleted. <see cref="Chosen"/> is null when no type qualifies (then nothing is written).
    /// </summary>
    /// <param name="inputPath">The source model (F32, F16 or BF16).</param>
    /// <param name="outputPath">Where the chosen file goes (its folder holds the candidates meanwhile).</param>
    /// <param name="minWorstCosine">The lowest acceptable worst-case cosine, e.g. 0.99.</param>
    /// <param name="template">Engine, threads, overrides and the other options (the type is chosen here).</param>
    /// <param name="probeTexts">The texts to embed (at least two).</param>
    /// <param name="loadModel">Loads a model file for embedding.</param>
    /// <param name="cancellationToken">Stops the run; no candidate file is left behind.</param>
    /// <exception cref="ArgumentException">Fewer than two probe texts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minWorstCosine"/> is not in [-1, 1].</exception>
    /// <exception cref="IOException">The output exists and overwriting is off.</exception>
    public static async Task<QuantizationReport> ChooseSmallestAsync(
        string inputPath, string outputPath, double minWorstCosine, GgufQuantizeOptions template,
        IReadOnlyList<string> probeTexts, ProbeModelLoader loadModel, CancellationToken cancellationToken = default)
    {
        CheckArguments(inputPath, template, probeTexts, loadModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(minWorstCosine, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minWorstCosine, 1);
        using (StagedOutputFile.Begin(outputPath, template.Overwrite))
        {
            // Only the checks: fail before any work when the output is not writable.
        }
        string finalPath = Path.GetFullPath(outputPath);
        (QuantizationQuality source, IReadOnlyList<ReadOnlyMemory<float>> reference) = await MeasureSourceAsync(inputPath, probeTexts, loadModel, cancellationToken).ConfigureAwait(false);
        var rows = new List<QuantizationQuality>();
        QuantizationQuality? chosen = null;
        foreach (GgufQuantizationType type in TypesBySize(inputPath, template))
        {
            string candidate = Path.Combine(Path.GetDirectoryName(finalPath)!, $".{Path.GetFileName(finalPath)}.{type}.{Guid.NewGuid():N}.candidate");
            try
            {
                QuantizationQuality row = await QuantizeAndMeasureAsync(inputPath, candidate, template with { Type = type, Overwrite = false }, probeTexts, reference, loadModel, cancellationToken).ConfigureAwait(false);
                if (row.WorstCosine >= minWorstCosine)
                {
                    File.Move(candidate, finalPath, template.Overwrite);
                    chosen = row with { ModelPath = finalPath };
                    rows.Add(chosen);
                    break;
                }
                rows.Add(row with { ModelPath = "" });
            }
            finally
            {
                File.Delete(candidate);
            }
        }
        return new QuantizationReport(Path.GetFullPath(inputPath), probeTexts.Count, source, rows) { Chosen = chosen };
    }

    /// <summary>For <see cref="ChooseSmallestAsync"/>: the row that was kept, or null when no type qualified.</summary>
    public QuantizationQuality? Chosen { get; private init; }

    /// <summary>A fixed-width table, one line per model, source first.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"model",-8} {"size",10} {"mean cos",9} {"worst cos",9} {"top-10",7} {"texts/s",9} {"peak RSS",10} {"quantize",9}");
        foreach (QuantizationQuality row in Rows.Prepend(Source))
        {
            string name = row.Type?.ToString() ?? "source";
            string time = row.QuantizeTime is { } t ? $"{t.TotalSeconds:F1} s" : "-";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-8} {Mebibytes(row.FileBytes),10} {row.MeanCosine,9:F5} {row.WorstCosine,9:F5} {row.Top10Agreement,7:F3} {row.TextsPerSecond,9:F1} {Mebibytes(row.PeakRssBytes),10} {time,9}");
        }
        text.Append(CultureInfo.InvariantCulture, $"{ProbeCount} probe texts; cosines against the source model's vectors; top-10 = retrieval agreement with the source model.");
        return text.ToString();
    }

    /// <summary>The report as indented JSON (sizes in bytes, times in seconds).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("input", InputPath);
            json.WriteNumber("probeTexts", ProbeCount);
            json.WritePropertyName("source");
            WriteRow(json, Source);
            json.WriteStartArray("types");
            foreach (QuantizationQuality row in Rows)
            {
                WriteRow(json, row);
            }
            json.WriteEndArray();
            if (Chosen is not null)
            {
                json.WriteString("chosen", Chosen.Type.ToString());
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRow(Utf8JsonWriter json, QuantizationQuality row)
    {
        json.WriteStartObject();
        json.WriteString("type", row.Type?.ToString() ?? "source");
        json.WriteString("path", row.ModelPath);
        json.WriteNumber("fileBytes", row.FileBytes);
        json.WriteNumber("meanCosine", row.MeanCosine);
        json.WriteNumber("worstCosine", row.WorstCosine);
        json.WriteNumber("top10Agreement", row.Top10Agreement);
        json.WriteNumber("textsPerSecond", row.TextsPerSecond);
        json.WriteNumber("peakRssBytes", row.PeakRssBytes);
        if (row.QuantizeTime is { } time)
        {
            json.WriteNumber("quantizeSeconds", time.TotalSeconds);
        }
        json.WriteEndObject();
    }

    private static string Mebibytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");

    private static void CheckArguments(string inputPath, GgufQuantizeOptions template, IReadOnlyList<string> probeTexts, ProbeModelLoader loadModel)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(probeTexts);
        ArgumentNullException.ThrowIfNull(loadModel);
        if (probeTexts.Count < 2)
        {
            throw new ArgumentException("A retention report needs at least two probe texts.", nameof(probeTexts));
        }
    }

    private static GgufQuantizationType[] TypesBySize(string inputPath, GgufQuantizeOptions template)
    {
        using Gguf.GgufReader reader = Gguf.GgufReader.Open(inputPath);
        return GgufQuantizationTypes.All
            .Where(t => template.Engine == GgufQuantizerEngine.Native || t != GgufQuantizationType.Q5_K_M)
            .Select(t => (Type: t, Bytes: GgufQuantizer.Plan(reader, template with { Type = t }).Sum(p => p.TargetBytes)))
            .OrderBy(t => t.Bytes)
            .Select(t => t.Type)
            .ToArray();
    }

    private static async Task<(QuantizationQuality, IReadOnlyList<ReadOnlyMemory<float>>)> MeasureSourceAsync(
        string inputPath, IReadOnlyList<string> probeTexts, ProbeModelLoader loadModel, CancellationToken cancellationToken)
    {
        (IReadOnlyList<ReadOnlyMemory<float>> vectors, double textsPerSecond, long peak) = await EmbedAsync(inputPath, probeTexts, loadModel, cancellationToken).ConfigureAwait(false);
        var row = new QuantizationQuality
        {
            Type = null,
            ModelPath = Path.GetFullPath(inputPath),
            FileBytes = new FileInfo(inputPath).Length,
            MeanCosine = 1,
            WorstCosine = 1,
            Top10Agreement = 1,
            TextsPerSecond = textsPerSecond,
            PeakRssBytes = peak,
        };
        return (row, vectors);
    }

    private static async Task<QuantizationQuality> QuantizeAndMeasureAsync(
        string inputPath, string outputPath, GgufQuantizeOptions options, IReadOnlyList<string> probeTexts,
        IReadOnlyList<ReadOnlyMemory<float>> reference, ProbeModelLoader loadModel, CancellationToken cancellationToken)
    {
        GgufQuantizationResult written = await GgufQuantizer.QuantizeAsync(inputPath, outputPath, options, cancellationToken).ConfigureAwait(false);
        (IReadOnlyList<ReadOnlyMemory<float>> vectors, double textsPerSecond, long peak) = await EmbedAsync(written.OutputPath, probeTexts, loadModel, cancellationToken).ConfigureAwait(false);
        (double mean, double worst) = RetentionMetrics.Cosines(reference, vectors);
        return new QuantizationQuality
        {
            Type = options.Type,
            ModelPath = written.OutputPath,
            FileBytes = written.OutputBytes,
            MeanCosine = mean,
            WorstCosine = worst,
            Top10Agreement = RetentionMetrics.TopKAgreement(reference, vectors, TopK),
            TextsPerSecond = textsPerSecond,
            PeakRssBytes = peak,
            QuantizeTime = written.Elapsed,
        };
    }

    private static async Task<(IReadOnlyList<ReadOnlyMemory<float>>, double, long)> EmbedAsync(
        string modelPath, IReadOnlyList<string> probeTexts, ProbeModelLoader loadModel, CancellationToken cancellationToken)
    {
        PeakMemory.Reset();
        IProbeModel model = await loadModel(modelPath, cancellationToken).ConfigureAwait(false);
        await using (model.ConfigureAwait(false))
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<ReadOnlyMemory<float>> vectors = await model.EmbedAsync(probeTexts, cancellationToken).ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;
            if (vectors.Count != probeTexts.Count)
            {
                throw new InvalidOperationException($"The model '{modelPath}' returned {vectors.Count} vectors for {probeTexts.Count} texts.");
            }
            return (vectors, probeTexts.Count / Math.Max(seconds, 1e-9), PeakMemory.Read());
        }
    }
}
