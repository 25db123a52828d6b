using System.Text.Json;
using LlamaEmbed.Reranking;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// Reads the passages of <c>llamaembed rerank</c>: plain text with one passage per non-empty line (taken verbatim), or
/// JSON Lines where each line is a JSON string or an object with <c>text</c> and an optional <c>title</c>. An object with
/// a title becomes <c>title + " " + text</c> stripped (Python <c>str.strip</c>), as the mteb harness builds rank1's passages; without one, <c>text</c>
/// stripped.
/// </summary>
internal static class RerankInput
{
    /// <summary>Reads every passage from <paramref name="reader"/>.</summary>
    /// <exception cref="FormatException">A JSON line is not a string or an object with a string <c>text</c>.</exception>
    public static async Task<List<string>> ReadAsync(TextReader reader, bool jsonLines, CancellationToken cancellationToken)
    {
        List<string> passages = [];
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (jsonLines && string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }
            passages.Add(jsonLines ? ParseJsonLine(line, lineNumber) : line);
        }
        return passages;
    }

    private static string ParseJsonLine(string line, int lineNumber)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString()!;
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
            {
                string body = text.GetString()!;
                return root.TryGetProperty("title", out JsonElement title) && title.ValueKind == JsonValueKind.String && title.GetString() is { Length: > 0 } t
                    ? PythonWhitespace.Strip(t + " " + body)
                    : PythonWhitespace.Strip(body);
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"input line {lineNumber} is not valid JSON: {ex.Message}", ex);
        }
        throw new FormatException($"input line {lineNumber} must be a JSON string or an object with a string \"text\"");
    }
}
