using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlamaEmbed.Reranking;

namespace LlamaEmbed.Cli.Commands;

/// <summary>Writes <c>llamaembed rerank</c> results as a JSON array, JSON Lines or an aligned text table, best first.</summary>
internal static class RerankOutput
{
    /// <summary>The output formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["table", "json", "jsonl"];

    private const int PreviewLength = 60;

    /// <summary>Writes <paramref name="results"/> (already ranked) in <paramref name="format"/>.</summary>
    public static async Task WriteAsync(
        TextWriter output, string format, IReadOnlyList<Rank1Judgement> results, IReadOnlyList<string> passages, bool showReasoning)
    {
        string text = format switch
        {
            "json" => JsonArray(results, showReasoning) + "\n",
            "jsonl" => JsonLines(results, showReasoning),
            _ => Table(results, passages, showReasoning),
        };
        await output.WriteAsync(text).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The JSON name of an outcome or stop reason: camelCase of the enum member.</summary>
    public static string JsonName<T>(T value) where T : struct, Enum
    {
        string name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string JsonArray(IReadOnlyList<Rank1Judgement> results, bool showReasoning) =>
        WriteJson(indented: true, writer =>
        {
            writer.WriteStartArray();
            for (int i = 0; i < results.Count; i++)
            {
                WriteObject(writer, results[i], i + 1, showReasoning);
            }
            writer.WriteEndArray();
        });

    private static string JsonLines(IReadOnlyList<Rank1Judgement> results, bool showReasoning) => string.Concat(
        results.Select((r, i) => WriteJson(indented: false, writer => WriteObject(writer, r, i + 1, showReasoning)) + "\n"));

    private static string WriteJson(bool indented, Action<Utf8JsonWriter> write)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteObject(Utf8JsonWriter writer, Rank1Judgement r, int rank, bool showReasoning)
    {
        writer.WriteStartObject();
        writer.WriteNumber("rank", rank);
        writer.WriteNumber("index", r.Index);
        writer.WriteNumber("score", r.Score);
        writer.WriteBoolean("relevant", r.Relevant);
        writer.WriteString("outcome", JsonName(r.Outcome));
        writer.WriteString("stopReason", JsonName(r.StopReason));
        writer.WriteNumber("promptTokens", r.PromptTokens);
        writer.WriteNumber("reasoningTokens", r.ReasoningTokens);
        writer.WriteBoolean("truncated", r.Truncated);
        if (showReasoning)
        {
            writer.WriteString("reasoning", r.Reasoning);
        }
        writer.WriteEndObject();
    }

    private static string Table(IReadOnlyList<Rank1Judgement> results, IReadOnlyList<string> passages, bool showReasoning)
    {
        StringBuilder sb = new();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"{"rank",4}  {"index",5}  {"score",7}  {"relevant",8}  {"outcome",-10}  {"tokens",6}  passage\n");
        for (int i = 0; i < results.Count; i++)
        {
            Rank1Judgement r = results[i];
            string outcome = JsonName(r.Outcome) + (r.Truncated ? "*" : "");
            sb.Append(inv, $"{i + 1,4}  {r.Index,5}  {r.Score,7:F4}  {(r.Relevant ? "yes" : "no"),8}  {outcome,-10}  {r.ReasoningTokens,6}  {Preview(passages[r.Index])}\n");
            if (showReasoning)
            {
                foreach (string line in r.Reasoning.Split('\n'))
                {
                    sb.Append("      | ").Append(line).Append('\n');
                }
            }
        }
        if (results.Any(r => r.Truncated))
        {
            sb.Append("* passage truncated to fit the context\n");
        }
        return sb.ToString();
    }

    private static string Preview(string passage)
    {
        string flat = passage.ReplaceLineEndings(" ");
        return flat.Length <= PreviewLength ? flat : flat[..(PreviewLength - 1)] + "…";
    }
}
