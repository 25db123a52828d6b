using System.Globalization;
using System.Text;
using System.Text.Json;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Cli.Infrastructure;

/// <summary>
/// Writes embeddings as JSON (the OpenAI <c>/v1/embeddings</c> response: <c>object</c>, <c>data[{object, index,
/// embedding}]</c>, <c>model</c>, <c>usage{prompt_tokens, total_tokens}</c>), JSON Lines or CSV. Rows of JSONL and
/// CSV are written as they arrive; JSON is written whole at the end. Floats use the shortest round-trip form.
/// </summary>
internal sealed class EmbeddingOutputWriter
{
    private readonly TextWriter _output;
    private readonly EmbeddingOutputFormat _format;
    private readonly string _model;
    private readonly List<EmbeddingResult> _json = [];
    private bool _headerWritten;

    /// <summary>Creates a writer for <paramref name="format"/>.</summary>
    public EmbeddingOutputWriter(TextWriter output, EmbeddingOutputFormat format, string model)
    {
        _output = output;
        _format = format;
        _model = model;
    }

    /// <summary>Writes (or, for JSON, keeps) the results of the texts starting at <paramref name="firstIndex"/>.</summary>
    public void Add(int firstIndex, IReadOnlyList<EmbeddingResult> results)
    {
        for (int i = 0; i < results.Count; i++)
        {
            EmbeddingResult result = results[i];
            switch (_format)
            {
                case EmbeddingOutputFormat.Json:
                    _json.Add(result);
                    break;
                case EmbeddingOutputFormat.Jsonl:
                    _output.WriteLine(JsonLine(firstIndex + i, result));
                    break;
                default:
                    WriteCsv(firstIndex + i, result);
                    break;
            }
        }
    }

    /// <summary>Writes the JSON document (for <see cref="EmbeddingOutputFormat.Json"/>) and flushes.</summary>
    public void Complete()
    {
        if (_format == EmbeddingOutputFormat.Json)
        {
            _output.WriteLine(JsonDocument());
        }
        _output.Flush();
    }

    private string JsonDocument()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            for (int i = 0; i < _json.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("object", "embedding");
                json.WriteNumber("index", i);
                WriteVector(json, _json[i].Vector.Span);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("model", _model);
            long tokens = _json.Sum(r => (long)r.TokenCount);
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", tokens);
            json.WriteNumber("total_tokens", tokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string JsonLine(int index, EmbeddingResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("index", index);
            WriteVector(json, result.Vector.Span);
            json.WriteNumber("tokens", result.TokenCount);
            json.WriteBoolean("truncated", result.Truncated);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteVector(Utf8JsonWriter json, ReadOnlySpan<float> vector)
    {
        json.WriteStartArray("embedding");
        foreach (float value in vector)
        {
            json.WriteNumberValue(value);
        }
        json.WriteEndArray();
    }

    private void WriteCsv(int index, EmbeddingResult result)
    {
        var line = new StringBuilder();
        if (!_headerWritten)
        {
            line.Append("index,tokens,truncated");
            for (int d = 0; d < result.Dimensions; d++)
            {
                line.Append(",v").Append(d.ToString(CultureInfo.InvariantCulture));
            }
            _output.WriteLine(line.ToString());
            line.Clear();
            _headerWritten = true;
        }
        line.Append(index.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(result.TokenCount.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(result.Truncated ? "true" : "false");
        foreach (float value in result.Vector.Span)
        {
            line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        _output.WriteLine(line.ToString());
    }
}
