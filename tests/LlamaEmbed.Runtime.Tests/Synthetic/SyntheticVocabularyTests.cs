using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Synthetic;

public sealed class SyntheticVocabularyTests
{
    private const string Rank1Prompt =
        "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\n" +
        "Query: what is the capital of france\nPassage: paris is the capital of france\n<think>";

    [Fact]
    public void Gemma_special_tokens_sit_where_gemma_puts_them()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma(new() { IncludePrefixTokens = true });
        Assert.Equal(("llama", "default"), (v.Model, v.PreTokenizer));
        Assert.Equal(["<pad>", "<eos>", "<bos>", "<unk>"], v.Tokens.Take(4));
        Assert.Equal([GgufTokenType.Control, GgufTokenType.Control, GgufTokenType.Control, GgufTokenType.Unknown], v.TokenTypes.Take(4));
        Assert.Equal((2, 1, 3, 0), (v.BosId, v.EosId, v.UnknownId, v.PaddingId));
        Assert.True(v.AddBos && v.AddEos);
        Assert.Equal(4, v.IdOf("<|query_token|>"));
        Assert.Equal(5, v.IdOf("<|document_token|>"));
        Assert.Equal(6, v.IdOf("<|passage_token|>"));
        Assert.Equal(GgufTokenType.Control, v.TokenTypes[4]);
        Assert.Equal("<0x00>", v.Tokens[7]);
        Assert.Equal("<0xFF>", v.Tokens[7 + 255]);
        Assert.All(v.Tokens.Skip(7).Take(256), (_, i) => Assert.Equal(GgufTokenType.Byte, v.TokenTypes[7 + i]));
        Assert.InRange(v.Count, 1000, 12000);
    }

    [Fact]
    public void Gemma_without_prefix_tokens_puts_bytes_at_4()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma();
        Assert.Equal("<0x00>", v.Tokens[4]);
        Assert.False(v.TryGetId("<|query_token|>", out _));
    }

    [Fact]
    public void Gemma_piece_scores_fall_strictly_in_id_order()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma();
        var normal = Enumerable.Range(0, v.Count).Where(i => v.TokenTypes[i] == GgufTokenType.Normal).Select(i => v.Scores![i]).ToList();
        Assert.True(normal.Zip(normal.Skip(1)).All(p => p.First > p.Second));
        Assert.Contains("\u2581the", v.Tokens);
    }

    [Fact]
    public void Gemma_wraps_text_in_bos_and_eos_and_keeps_words_whole()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma();
        IReadOnlyList<int> ids = v.Tokenize("The quick brown fox jumps over the lazy dog", addSpecial: true, parseSpecial: false);
        int[] expected =
        [
            2, v.IdOf("The"), v.IdOf(" quick"), v.IdOf(" brown"), v.IdOf(" fox"), v.IdOf(" jumps"), v.IdOf(" over"),
            v.IdOf(" the"), v.IdOf(" lazy"), v.IdOf(" dog"), 1,
        ];
        Assert.Equal(expected, ids);
    }

    [Fact]
    public void Gemma_falls_back_to_bytes_for_unknown_characters()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma();
        IReadOnlyList<int> ids = v.Tokenize("🦙", addSpecial: false, parseSpecial: false);
        Assert.Equal(["<0xF0>", "<0x9F>", "<0xA6>", "<0x99>"], ids.Select(i => v.Tokens[i]));
    }

    [Fact]
    public void Gemma_unknown_words_split_into_known_pieces()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma();
        IReadOnlyList<int> ids = v.Tokenize(" reranking", addSpecial: false, parseSpecial: false);
        Assert.InRange(ids.Count, 2, 5);
        Assert.Equal(" reranking", string.Concat(ids.Select(v.TextOf)));
    }

    [Fact]
    public void Prefix_tokens_are_single_ids_only_with_parse_special()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma(new() { IncludePrefixTokens = true });
        int query = v.IdOf("<|query_token|>");
        Assert.Equal([2, query, v.IdOf("hello"), 1], v.Tokenize("<|query_token|>hello", addSpecial: true, parseSpecial: true));
        IReadOnlyList<int> plain = v.Tokenize("<|query_token|>hello", addSpecial: false, parseSpecial: false);
        Assert.DoesNotContain(query, plain);
        Assert.Equal("<|query_token|>hello", string.Concat(plain.Select(v.TextOf)));
    }

    [Fact]
    public void Gemma_pads_to_the_real_size_with_unused_tokens()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Gemma(new() { Size = 262_144 });
        Assert.Equal(262_144, v.Count);
        Assert.Equal(GgufTokenType.Unused, v.TokenTypes[^1]);
        Assert.StartsWith("<unused", v.Tokens[^1], StringComparison.Ordinal);
        Assert.Equal(v.Count, v.Tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Gemma_refuses_a_size_below_its_natural_size()
    {
        Assert.Throws<ArgumentException>(() => SyntheticVocabularies.Gemma(new() { Size = 100 }));
    }

    [Fact]
    public void Qwen2_has_single_true_and_false_tokens()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Qwen2();
        Assert.Equal(("gpt2", "qwen2"), (v.Model, v.PreTokenizer));
        Assert.Equal("\u0120true", v.Tokens[v.IdOf(" true")]);
        Assert.Equal("\u0120false", v.Tokens[v.IdOf(" false")]);
        Assert.Equal([v.IdOf(" true")], v.Tokenize(" true", addSpecial: false, parseSpecial: false));
        Assert.Equal([v.IdOf(" false")], v.Tokenize(" false", addSpecial: true, parseSpecial: false));
    }

    [Fact]
    public void Qwen2_special_tokens_are_control_and_bos_is_eos()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Qwen2();
        int end = v.IdOf("<|endoftext|>");
        Assert.Equal((end, end, end), (v.BosId, v.EosId, v.PaddingId));
        Assert.False(v.AddBos || v.AddEos);
        foreach (string special in new[] { "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>" })
        {
            Assert.Equal(GgufTokenType.Control, v.TokenTypes[v.IdOf(special)]);
        }
        Assert.Equal(v.IdOf("<think>") + 1, v.IdOf("</think>"));
    }

    [Fact]
    public void Qwen2_at_real_size_uses_real_ids()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Qwen2(new() { Size = 151_936 });
        Assert.Equal(151_936, v.Count);
        Assert.Equal(151_643, v.IdOf("<|endoftext|>"));
        Assert.Equal(151_644, v.IdOf("<|im_start|>"));
        Assert.Equal(151_645, v.IdOf("<|im_end|>"));
        Assert.Equal(151_665, v.IdOf("<think>"));
        Assert.Equal(151_666, v.IdOf("</think>"));
        Assert.Equal("[PAD151646]", v.Tokens[151_646]);
        Assert.Equal(GgufTokenType.Unused, v.TokenTypes[151_646]);
        Assert.Equal("[PAD151935]", v.Tokens[^1]);
    }

    [Fact]
    public void Bpe_merges_are_valid_and_produce_vocabulary_tokens()
    {
        foreach (SyntheticVocabulary v in new[] { SyntheticVocabularies.Qwen2(), SyntheticVocabularies.Llama3() })
        {
            var tokens = v.Tokens.ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(v.Merges);
            Assert.Equal(v.Merges.Count, v.Merges.Distinct(StringComparer.Ordinal).Count());
            foreach (string merge in v.Merges)
            {
                string[] parts = merge.Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Contains(parts[0], tokens);
                Assert.Contains(parts[1], tokens);
                Assert.Contains(parts[0] + parts[1], tokens);
            }
            Assert.Equal(256, v.Tokens.Take(256).Distinct().Count());
            Assert.Equal("!", v.Tokens[0]);
        }
    }

    [Fact]
    public void Rank1_prompt_tokenizes_word_by_word()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Qwen2();
        IReadOnlyList<int> ids = v.Tokenize(Rank1Prompt, addSpecial: false, parseSpecial: true);
        Assert.Equal(v.IdOf("<think>"), ids[^1]);
        Assert.Equal(v.IdOf("Determine"), ids[0]);
        Assert.Contains(v.IdOf(" passage"), ids);
        Assert.Contains(v.IdOf(" relevant"), ids);
        Assert.Equal(Rank1Prompt, string.Concat(ids.Select(v.TextOf)));
        Assert.InRange(ids.Count, 30, 50);
    }

    [Fact]
    public void Think_tokens_are_text_without_parse_special()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Qwen2();
        IReadOnlyList<int> ids = v.Tokenize("</think> true", addSpecial: false, parseSpecial: false);
        Assert.DoesNotContain(v.IdOf("</think>"), ids);
        Assert.Equal([v.IdOf("</think>"), v.IdOf(" true")], v.Tokenize("</think> true", addSpecial: false, parseSpecial: true));
    }

    [Fact]
    public void Llama3_adds_begin_of_text()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Llama3();
        Assert.Equal(("gpt2", "llama-bpe"), (v.Model, v.PreTokenizer));
        Assert.Equal(v.IdOf("<|begin_of_text|>"), v.BosId);
        Assert.Equal(v.IdOf("<|end_of_text|>"), v.EosId);
        Assert.True(v.AddBos);
        Assert.Equal([v.BosId, v.IdOf("Hello"), v.IdOf(" world")], v.Tokenize("Hello world", addSpecial: true, parseSpecial: false));
    }

    [Fact]
    public void Vocabularies_are_deterministic()
    {
        Assert.Equal(SyntheticVocabularies.Qwen2().Tokens, SyntheticVocabularies.Qwen2().Tokens);
        Assert.Equal(SyntheticVocabularies.Qwen2().Merges, SyntheticVocabularies.Qwen2().Merges);
        Assert.Equal(SyntheticVocabularies.Gemma().Tokens, SyntheticVocabularies.Gemma().Tokens);
    }

    [Fact]
    public void Extra_words_become_single_tokens()
    {
        var options = new SyntheticVocabularyOptions { ExtraWords = ["llamaembed"] };
        Assert.True(SyntheticVocabularies.Gemma(options).TryGetId(" llamaembed", out _));
        Assert.True(SyntheticVocabularies.Qwen2(options).TryGetId(" Llamaembed", out _));
        Assert.False(SyntheticVocabularies.Qwen2().TryGetId(" llamaembed", out _));
    }
}
