using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>One text the two tokenizers split differently.</summary>
/// <param name="Text">The text.</param>
/// <param name="Source">The source tokenizer's ids.</param>
/// <param name="LlamaCpp">llama.cpp's ids on the converted file.</param>
public sealed record TokenizationMismatch(string Text, IReadOnlyList<int> Source, IReadOnlyList<int> LlamaCpp)
{
    /// <summary>The first index where the two differ.</summary>
    public int FirstDifference => Enumerable.Range(0, Math.Min(Source.Count, LlamaCpp.Count)).FirstOrDefault(i => Source[i] != LlamaCpp[i], Math.Min(Source.Count, LlamaCpp.Count));
}

/// <summary>What <see cref="ConversionVerifier.Verify"/> found.</summary>
/// <param name="SourceTokenizer">The source tokenizer used.</param>
/// <param name="TextCount">Texts compared.</param>
/// <param name="Mismatches">Texts tokenized differently.</param>
/// <param name="EmbeddingLength">The length of the vector the model produced.</param>
/// <param name="EmbeddingFinite">True when every value of that vector is finite and not all are zero.</param>
public sealed record VerificationReport(string SourceTokenizer, int TextCount, IReadOnlyList<TokenizationMismatch> Mismatches, int EmbeddingLength, bool EmbeddingFinite)
{
    /// <summary>True when tokenization matched on every text and the model produced a usable vector.</summary>
    public bool Passed => Mismatches.Count == 0 && EmbeddingFinite;
}

/// <summary>
/// Checks a converted file against its source: tokenizes sample texts with the source tokenizer
/// (Microsoft.ML.Tokenizers over <c>tokenizer.model</c> or <c>tokenizer.json</c>) and with llama.cpp on the GGUF,
/// reports every difference, and runs the model once.
/// </summary>
public static class ConversionVerifier
{
    /// <summary>The default sample: prose, EmbeddingGemma prompts, numbers, punctuation, runs of spaces, newlines, accents, CJK, emoji.</summary>
    public static IReadOnlyList<string> SampleTexts { get; } =
    [
        "Which planet is known as the Red Planet?",
        "task: search result | query: how do rerankers work",
        "title: none | text: Mars, known for its reddish appearance, is often referred to as the Red Planet.",
        "The quick brown fox jumps over the lazy dog.",
        "  leading spaces and  double  spaces ",
        "line one\nline two\n\nthird\tand a tab",
        "Numbers 3 33 333 3333 3.14159 and 1,000,000.",
        "I've been told he's there, 'RE you sure? We'Ve a'lL",
        "Café naïve résumé — déjà vu",
        "日本語のテキストと中文",
        "emoji 🚀 and 😶‍🌫️ together",
        "code: for (int i = 0; i < n; i++) { sum += x[i]; }",
    ];

    /// <summary>Verifies <paramref name="ggufPath"/> against the checkpoint in <paramref name="hfDirectory"/>.</summary>
    /// <param name="hfDirectory">The Hugging Face folder the file was converted from.</param>
    /// <param name="ggufPath">The converted file.</param>
    /// <param name="texts">Texts to tokenize; null uses <see cref="SampleTexts"/>.</param>
    /// <exception cref="FileNotFoundException">The checkpoint has no tokenizer file.</exception>
    /// <exception cref="LlamaException">llama.cpp could not load the file or run it.</exception>
    public static VerificationReport Verify(string hfDirectory, string ggufPath, IReadOnlyList<string>? texts = null)
    {
        texts ??= SampleTexts;
        HuggingFaceCheckpoint checkpoint = HuggingFaceCheckpoint.Open(hfDirectory);
        SourceTokenizer source = SourceTokenizer.Create(checkpoint);
        string? pooling;
        using (GgufReader reader = GgufReader.Open(ggufPath))
        {
            string architecture = reader.Metadata.GetString("general.architecture");
            pooling = reader.Metadata.ContainsKey($"{architecture}.pooling_type") ? null : "mean";
        }
        using LlamaCppProbe probe = LlamaCppProbe.Load(ggufPath);
        var mismatches = new List<TokenizationMismatch>();
        foreach (string text in texts)
        {
            IReadOnlyList<int> expected = source.Encode(text);
            int[] actual = probe.Tokenize(text, addSpecial: false, parseSpecial: false);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add(new TokenizationMismatch(text, expected, actual));
            }
        }
        float[] vector = probe.Embed(probe.Tokenize(texts[0], addSpecial: true, parseSpecial: false), pooling);
        bool finite = vector.All(float.IsFinite) && vector.Any(v => v != 0);
        return new VerificationReport(source.Description, texts.Count, mismatches, vector.Length, finite);
    }
}
