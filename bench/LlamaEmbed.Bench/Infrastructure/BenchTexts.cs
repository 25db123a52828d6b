using System.Text.Json;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// Texts of plain English words that tokenize to an exact number of tokens on the benchmark model, with their token
/// ids (BOS and EOS included, no prompt), so the managed path and the bare native loop do exactly the same work.
/// Made once and cached as JSON beside the models.
/// </summary>
internal sealed record BenchTexts(string[] Texts, int[][] Tokens)
{
    private static readonly string[] s_words =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
        "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so",
        "no", "time", "people", "water", "world", "house", "small", "large", "number", "place", "system", "question",
        "night", "point", "river", "music", "market", "garden", "window", "morning", "history", "language", "city",
    ];

    /// <summary>Tokens per text as fed: the content tokens plus BOS and EOS.</summary>
    public int TokensPerText => Tokens[0].Length;

    /// <summary>All tokens of all texts.</summary>
    public int TotalTokens => Tokens.Sum(t => t.Length);

    /// <summary>
    /// <paramref name="count"/> texts of <paramref name="contentTokens"/> tokens each (plus BOS/EOS), from the cache
    /// or made with the Q8_0 model's tokenizer.
    /// </summary>
    public static BenchTexts Get(int count, int contentTokens)
    {
        string path = Path.Combine(BenchModels.CacheDirectory, $"texts-{count}x{contentTokens}.json");
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<BenchTexts>(File.ReadAllText(path)) ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        using EmbeddingModel model = EmbeddingModel.Load(BenchModels.Ensure(BenchWeights.Q8_0), new EmbeddingModelOptions { BatchTokenBudget = 512 });
        var random = new Random(count * 1000 + contentTokens);
        var texts = new string[count];
        var tokens = new int[count][];
        for (int i = 0; i < count; i++)
        {
            (texts[i], tokens[i]) = Make(model, contentTokens + 2, random);
        }
        var result = new BenchTexts(texts, tokens);
        string staging = path + ".partial";
        File.WriteAllText(staging, JsonSerializer.Serialize(result));
        File.Move(staging, path, overwrite: true);
        return result;
    }

    /// <summary>Adds random words while the text stays within <paramref name="target"/> tokens, until it hits it exactly.</summary>
    private static (string Text, int[] Tokens) Make(EmbeddingModel model, int target, Random random)
    {
        string text = "";
        TokenizedText current = model.Tokenize(text, EmbeddingPrompt.None);
        while (current.Count < target)
        {
            bool grew = false;
            for (int attempt = 0; attempt < 64 && !grew; attempt++)
            {
                string candidate = text.Length == 0 ? s_words[random.Next(s_words.Length)] : text + " " + s_words[random.Next(s_words.Length)];
                TokenizedText tokens = model.Tokenize(candidate, EmbeddingPrompt.None, truncate: false);
                if (tokens.Count <= target && tokens.Count > current.Count)
                {
                    (text, current, grew) = (candidate, tokens, true);
                }
            }
            if (!grew)
            {
                throw new InvalidOperationException($"No word keeps '{text}' within {target} tokens.");
            }
        }
        return (text, [.. current.Ids]);
    }
}
