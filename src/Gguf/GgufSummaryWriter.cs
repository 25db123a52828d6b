using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlamaEmbed.Gguf;

/// <summary>Renders a <see cref="GgufModelSummary"/> for people (aligned text) or programs (JSON).</summary>
public static class GgufSummaryWriter
{
    /// <summary>Writes the summary as aligned "label: value" lines, then the problems, then optionally the tensor table.</summary>
    public static void WriteText(TextWriter output, GgufModelSummary summary, bool includeTensors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        void Line(string label, object? value)
        {
            if (value is not null)
            {
                output.WriteLine($"{label,-20}{value}");
            }
        }
        Line("architecture:", summary.Architecture);
        Line("name:", summary.Name);
        Line("gguf version:", summary.Version);
        Line("file size:", $"{summary.FileLength:N0} bytes");
        Line("parameters:", $"{summary.ParameterCount:N0} ({FormatCount(summary.ParameterCount)})");
        Line("file type:", summary.FileTypeName);
        Line("context length:", summary.ContextLength);
        Line("embedding length:", summary.EmbeddingLength);
        Line("output dimensions:", summary.OutputDimensions);
        Line("layers:", summary.BlockCount);
        Line("pooling:", summary.Pooling);
        Line("tokenizer:", summary.TokenizerModel is null ? null : summary.TokenizerPre is null ? summary.TokenizerModel : $"{summary.TokenizerModel} (pre {summary.TokenizerPre})");
        Line("vocabulary:", summary.VocabularySize is int v ? $"{v:N0} tokens" : null);
        foreach (GgufSpecialToken token in summary.SpecialTokens)
        {
            Line($"  {token.Role}:", token.Text is null ? $"{token.Id} (outside the vocabulary)" : $"{token.Id} {Quote(token.Text)}");
        }
        if (summary.Prompts.Count > 0)
        {
            output.WriteLine("prompts:");
            foreach (var (name, text) in summary.Prompts)
            {
                output.WriteLine($"  {name}: {Quote(text)}");
            }
        }
        foreach (var (key, value) in summary.LlamaEmbedSettings)
        {
            if (key is not (LlamaEmbedKeys.PromptNames or LlamaEmbedKeys.PromptTexts))
            {
                output.WriteLine($"{key}: {value}");
            }
        }
        output.WriteLine(summary.Problems.Count == 0 ? "validation:         no problems" : $"validation:         {summary.Problems.Count} problem(s)");
        foreach (GgufValidationProblem problem in summary.Problems)
        {
            output.WriteLine($"  {problem}");
        }
        if (includeTensors)
        {
            WriteTensorTable(output, summary.Tensors);
        }
    }

    /// <summary>Writes the summary as one JSON object (UTF-8, indented, non-ASCII text unescaped); null values are omitted.</summary>
    public static void WriteJson(Stream output, GgufModelSummary summary, bool includeTensors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        Str(json, "architecture", summary.Architecture);
        Str(json, "name", summary.Name);
        json.WriteNumber("ggufVersion", summary.Version);
        json.WriteNumber("fileLength", summary.FileLength);
        json.WriteNumber("parameterCount", summary.ParameterCount);
        Num(json, "fileType", summary.FileType);
        Str(json, "fileTypeName", summary.FileTypeName);
        Num(json, "contextLength", summary.ContextLength);
        Num(json, "embeddingLength", summary.EmbeddingLength);
        Num(json, "outputDimensions", summary.OutputDimensions);
        Num(json, "blockCount", summary.BlockCount);
        Str(json, "pooling", summary.Pooling);
        Str(json, "tokenizerModel", summary.TokenizerModel);
        Str(json, "tokenizerPre", summary.TokenizerPre);
        Num(json, "vocabularySize", (uint?)summary.VocabularySize);
        json.WriteStartArray("specialTokens");
        foreach (GgufSpecialToken token in summary.SpecialTokens)
        {
            json.WriteStartObject();
            json.WriteString("role", token.Role);
            json.WriteNumber("id", token.Id);
            Str(json, "text", token.Text);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("prompts");
        foreach (var (name, text) in summary.Prompts)
        {
            json.WriteString(name, text);
        }
        json.WriteEndObject();
        json.WriteStartObject("llamaembed");
        foreach (var (key, value) in summary.LlamaEmbedSettings)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteStartArray("problems");
        foreach (GgufValidationProblem problem in summary.Problems)
        {
            json.WriteStartObject();
            json.WriteString("severity", problem.Severity == GgufValidationSeverity.Error ? "error" : "warning");
            json.WriteString("subject", problem.Subject);
            json.WriteString("message", problem.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (includeTensors)
        {
            json.WriteStartArray("tensors");
            foreach (GgufTensorInfo tensor in summary.Tensors)
            {
                json.WriteStartObject();
                json.WriteString("name", tensor.Name);
                json.WriteString("type", tensor.Type.ToString());
                json.WriteStartArray("shape");
                foreach (long d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteNumber("offset", tensor.Offset);
                json.WriteNumber("bytes", tensor.ByteCount);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteTensorTable(TextWriter output, IReadOnlyList<GgufTensorInfo> tensors)
    {
        int nameWidth = Math.Max(4, tensors.Count == 0 ? 0 : tensors.Max(t => t.Name.Length));
        output.WriteLine();
        output.WriteLine($"{"name".PadRight(nameWidth)}  {"type",-8} {"shape (ggml order)",-28} {"bytes",15}");
        foreach (GgufTensorInfo t in tensors)
        {
            output.WriteLine($"{t.Name.PadRight(nameWidth)}  {t.Type,-8} {"[" + string.Join(", ", t.Shape) + "]",-28} {t.ByteCount,15:N0}");
        }
        output.WriteLine($"{tensors.Count} tensor(s)");
    }

    private static string FormatCount(long count) => count switch
    {
        >= 1_000_000_000 => (count / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000 => (count / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (count / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "K",
        _ => count.ToString(CultureInfo.InvariantCulture),
    };

    private static string Quote(string text) =>
        $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"";

    private static void Str(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Num(Utf8JsonWriter json, string name, uint? value)
    {
        if (value is uint v)
        {
            json.WriteNumber(name, v);
        }
    }
}
