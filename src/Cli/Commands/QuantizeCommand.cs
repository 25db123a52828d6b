using System.CommandLine;
using System.Globalization;
using LlamaEmbed.Cli.Infrastructure;
using LlamaEmbed.Embeddings;
using LlamaEmbed.Quantization;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed quantize IN.gguf OUT.gguf --type T [--report]</c>: writes quantized versions of a model with
/// llama.cpp's <c>llama_model_quantize</c> (or the managed engine), and optionally measures what each keeps of the
/// source model; <c>--type auto --min-cosine X</c> picks the smallest type whose worst-case cosine stays ≥ X.
/// </summary>
internal static class QuantizeCommand
{
    private const string Auto = "auto";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        Argument<FileInfo> input = new("input") { Description = "The GGUF model to quantize (F32, F16 or BF16)." };
        Argument<FileInfo> output = new("output") { Description = "The file to write; with several types, each gets its type before the extension (out-q8_0.gguf)." };
        Option<string[]> types = new("--type", "-t")
        {
            Description = "q8_0, q6_k, q5_k_m, q5_0, q4_k_m, q4_0, f16, bf16, or auto (with --min-cosine); several with commas or repeats",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        Option<double?> minCosine = new("--min-cosine") { Description = "with --type auto: the lowest acceptable worst-case cosine against the source model" };
        Option<string> engine = new("--engine") { Description = "native (llama.cpp's llama_model_quantize) or managed (LlamaEmbed's own, byte-identical)", DefaultValueFactory = _ => "native" };
        engine.AcceptOnlyFromAmong("native", "managed");
        Option<int> threads = new("--threads") { Description = "threads (default: all cores)" };
        Option<bool> force = new("--force", "-f") { Description = "replace an existing output file" };
        Option<bool> allowRequantize = new("--allow-requantize") { Description = "accept already-quantized input tensors (loses more precision)" };
        Option<bool> pure = new("--pure") { Description = "no extra bits for the output and some attn_v/ffn_down layers (llama.cpp's --pure)" };
        Option<string[]> tensorTypes = new("--tensor-type") { Description = "PATTERN=TYPE: tensors matching the regex get TYPE, e.g. token_embd=q8_0 (repeatable)" };
        Option<bool> report = new("--report") { Description = "measure each type: size, mean/worst cosine and top-10 agreement with the source model, texts/s, peak RSS" };
        Option<FileInfo?> reportJson = new("--report-json") { Description = "also write the report as JSON to this file" };
        Option<FileInfo?> probe = new("--probe") { Description = "probe texts for the report, one per line (default: a built-in varied set)" };

        Command command = new("quantize", "Quantize a GGUF model (Q8_0 … Q4_0, F16, BF16) and optionally measure the quality each type keeps.")
        {
            input, output, types, minCosine, engine, threads, force, allowRequantize, pure, tensorTypes, report, reportJson, probe,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            return CommandErrors.RunAsync(async () =>
            {
                string[] names = [.. parseResult.GetValue(types)!.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
                if (parseResult.GetValue(threads) < 0)
                {
                    throw new ArgumentException("--threads must be 0 (all cores) or more");
                }
                var template = new GgufQuantizeOptions
                {
                    Type = GgufQuantizationType.Q8_0,
                    Engine = parseResult.GetValue(engine) == "managed" ? GgufQuantizerEngine.Managed : GgufQuantizerEngine.Native,
                    Threads = parseResult.GetValue(threads),
                    Overwrite = parseResult.GetValue(force),
                    AllowRequantize = parseResult.GetValue(allowRequantize),
                    Pure = parseResult.GetValue(pure),
                    TensorTypeOverrides = [.. (parseResult.GetValue(tensorTypes) ?? []).Select(TensorTypeOverride.Parse)],
                };
                string inputPath = parseResult.GetRequiredValue(input).FullName;
                string outputPath = parseResult.GetRequiredValue(output).FullName;
                FileInfo? probeFile = parseResult.GetValue(probe);
                IReadOnlyList<string> probeTexts = probeFile is null ? ProbeTexts.BuiltIn : ProbeTexts.Load(probeFile.FullName);
                ProgressBar? bar = ProgressBar.ForWork(stderr, "quantize", enabled: !Console.IsErrorRedirected);
                IProgress<GgufQuantizationProgress>? progress = bar?.Adapt<GgufQuantizationProgress>(
                    p => (p.Fraction, $"{p.TensorsDone}/{p.TensorCount} {p.CurrentTensor}"));
                QuantizationReport? measured;
                try
                {
                    if (names is [Auto])
                    {
                        double threshold = parseResult.GetValue(minCosine)
                            ?? throw new ArgumentException("--type auto needs --min-cosine X (e.g. 0.99)");
                        measured = await QuantizationReport.ChooseSmallestAsync(
                            inputPath, outputPath, threshold, template with { Progress = progress }, probeTexts, LoadProbeModelAsync, cancellationToken).ConfigureAwait(false);
                        bar?.Complete();
                        if (measured.Chosen is null)
                        {
                            await stdout.WriteLineAsync(measured.ToTable()).ConfigureAwait(false);
                            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                                $"no type keeps the worst-case cosine at or above {threshold}; nothing was written"));
                        }
                        await stderr.WriteLineAsync($"llamaembed: chose {measured.Chosen.Type} -> {outputPath}").ConfigureAwait(false);
                    }
                    else
                    {
                        if (parseResult.GetValue(minCosine) is not null)
                        {
                            throw new ArgumentException("--min-cosine goes with --type auto");
                        }
                        var targets = ParseTypes(names, outputPath);
                        if (parseResult.GetValue(report) || parseResult.GetValue(reportJson) is not null)
                        {
                            measured = await QuantizationReport.MeasureAsync(
                                inputPath, targets, template with { Progress = progress }, probeTexts, LoadProbeModelAsync, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            measured = null;
                            foreach ((GgufQuantizationType type, string path) in targets)
                            {
                                GgufQuantizationResult result = await GgufQuantizer.QuantizeAsync(inputPath, path, template with { Type = type, Progress = progress }, cancellationToken).ConfigureAwait(false);
                                bar?.Complete();
                                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                                    $"{type}: {result.OutputPath} ({result.OutputBytes / 1048576.0:F1} MiB from {result.InputBytes / 1048576.0:F1} MiB, {result.Elapsed.TotalSeconds:F1} s, {template.Engine.ToString().ToLowerInvariant()})")).ConfigureAwait(false);
                            }
                        }
                    }
                }
                finally
                {
                    bar?.Complete();
                }
                if (measured is not null)
                {
                    await stdout.WriteLineAsync(measured.ToTable()).ConfigureAwait(false);
                    if (parseResult.GetValue(reportJson) is { } jsonFile)
                    {
                        await File.WriteAllTextAsync(jsonFile.FullName, measured.ToJson(), cancellationToken).ConfigureAwait(false);
                    }
                }
                return 0;
            }, stderr);
        });
        return command;
    }

    /// <summary>Type names to (type, output path): one type writes <paramref name="outputPath"/>, several write OUT-type.gguf each.</summary>
    internal static List<(GgufQuantizationType Type, string Path)> ParseTypes(IReadOnlyList<string> names, string outputPath)
    {
        var parsed = new List<GgufQuantizationType>();
        foreach (string name in names)
        {
            if (string.Equals(name, Auto, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("--type auto cannot be combined with other types");
            }
            if (!GgufQuantizationTypes.TryParse(name, out GgufQuantizationType type))
            {
                throw new ArgumentException($"unknown type '{name}'; use one of {string.Join(", ", Enum.GetNames<GgufQuantizationType>().Select(n => n.ToLowerInvariant()))} or auto");
            }
            if (!parsed.Contains(type))
            {
                parsed.Add(type);
            }
        }
        if (parsed.Count == 1)
        {
            return [(parsed[0], outputPath)];
        }
        string folder = Path.GetDirectoryName(outputPath)!;
        string stem = Path.GetFileNameWithoutExtension(outputPath);
        string extension = Path.GetExtension(outputPath);
        return [.. parsed.Select(t => (t, Path.Combine(folder, $"{stem}-{t.ToString().ToLowerInvariant()}{extension}")))];
    }

    private static Task<IProbeModel> LoadProbeModelAsync(string path, CancellationToken cancellationToken) =>
        Task.Run<IProbeModel>(() => new EmbeddingProbe(EmbeddingModel.Load(path)), cancellationToken);

    /// <summary>The runtime's <see cref="EmbeddingModel"/> as a report's probe model (default prompt, normalized vectors).</summary>
    private sealed class EmbeddingProbe(EmbeddingModel model) : IProbeModel
    {
        public async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            IReadOnlyList<EmbeddingResult> results = await model.EmbedAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
            return [.. results.Select(r => r.Vector)];
        }

        public ValueTask DisposeAsync() => model.DisposeAsync();
    }
}
