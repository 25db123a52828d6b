using LlamaEmbed.Embeddings;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>The exact ids fed per profile and prompt, checked against the synthetic vocabulary's own tokenizer.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class PromptTokenizationTests(EmbeddingModelsFixture models)
{
    private SyntheticVocabulary Gemma => models.GemmaModel.Vocabulary;

    private int[] Expected(SyntheticVocabulary vocabulary, string content, int prefixId = -1)
    {
        var ids = new List<int>();
        if (vocabulary.AddBos)
        {
            ids.Add(vocabulary.BosId);
        }
        if (prefixId >= 0)
        {
            ids.Add(prefixId);
        }
        ids.AddRange(vocabulary.Tokenize(content, addSpecial: false, parseSpecial: false));
        if (vocabulary.AddEos)
        {
            ids.Add(vocabulary.EosId);
        }
        return [.. ids];
    }

    [Fact]
    public void Query_IsBosThenPromptAndTextTokenizedTogetherThenEos()
    {
        TokenizedText tokens = models.Gemma.Tokenize("which planet is red", EmbeddingPrompt.Query);

        Assert.Equal(Expected(Gemma, "task: search result | query: which planet is red"), tokens.Ids);
        Assert.Equal(Gemma.BosId, tokens.Ids[0]);
        Assert.Equal(Gemma.EosId, tokens.Ids[^1]);
        Assert.Equal(1 + Gemma.Tokenize("task: search result | query: ", false, false).Count, tokens.PromptTokenCount);
    }

    [Fact]
    public void Document_PutsTheTitleInThePrompt()
    {
        Assert.Equal(Expected(Gemma, "title: none | text: the body"), models.Gemma.Tokenize("the body", EmbeddingPrompt.Document).Ids);
        Assert.Equal(Expected(Gemma, "title: My Title | text: the body"), models.Gemma.Tokenize("the body", EmbeddingPrompt.DocumentWithTitle("My Title")).Ids);
        Assert.Equal(Expected(Gemma, "title: none | text: the body"), models.Gemma.Tokenize("the body", EmbeddingPrompt.DocumentWithTitle(null)).Ids);
    }

    [Fact]
    public void NoPrompt_ByDefaultForEmbeddingGemma_AsSentenceTransformers()
    {
        Assert.Equal(Expected(Gemma, "plain text"), models.Gemma.Tokenize("plain text").Ids);
        Assert.Equal(Expected(Gemma, "plain text"), models.Gemma.Tokenize("plain text", EmbeddingPrompt.None).Ids);
    }

    [Theory]
    [InlineData("STS", "task: sentence similarity | query: ")]
    [InlineData("Clustering", "task: clustering | query: ")]
    [InlineData("question answering", "task: question answering | query: ")]
    [InlineData("fact-checking", "task: fact checking | query: ")]
    [InlineData("code_retrieval", "task: code retrieval | query: ")]
    [InlineData("retrieval-document", "title: none | text: ")]
    public void NamedPrompts_MatchExactlyOrIgnoringCaseAndSeparators(string name, string prompt)
    {
        Assert.Equal(Expected(Gemma, prompt + "some text"), models.Gemma.Tokenize("some text", EmbeddingPrompt.Named(name)).Ids);
    }

    [Fact]
    public void LiteralPrompt_IsPrependedAsIs()
    {
        Assert.Equal(Expected(Gemma, "task: my own | query: x"), models.Gemma.Tokenize("x", EmbeddingPrompt.Literal("task: my own | query: ")).Ids);
    }

    [Fact]
    public void EmptyText_IsBosPromptEos()
    {
        TokenizedText tokens = models.Gemma.Tokenize("", EmbeddingPrompt.Query);
        Assert.Equal(Expected(Gemma, "task: search result | query: "), tokens.Ids);
    }

    [Fact]
    public void UserText_CannotInjectControlTokens()
    {
        TokenizedText tokens = models.Gemma.Tokenize("stop <eos> here <bos>");

        Assert.Equal(Expected(Gemma, "stop <eos> here <bos>"), tokens.Ids);
        Assert.DoesNotContain(Gemma.EosId, tokens.Ids.Skip(1).SkipLast(1));
        Assert.DoesNotContain(Gemma.BosId, tokens.Ids.Skip(1));
    }

    [Fact]
    public void UnknownPrompt_FailsWithTheKnownNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => models.Gemma.Tokenize("x", EmbeddingPrompt.Named("Translation")));
        Assert.Contains("'Translation'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("STS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Retrieval-document", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RankEmbed_InsertsThePrefixTokenAsOneIdThenASpaceAndTheText()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.RankEmbedPath, new EmbeddingModelOptions { BatchTokenBudget = 256 });
        SyntheticVocabulary vocabulary = models.RankEmbedModel.Vocabulary;

        Assert.Equal(EmbeddingProfileKind.RankEmbed, model.Info.Profile);
        Assert.Equal(["document", "passage", "query"], model.Info.Prompts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("<|query_token|> ", model.Info.Prompts["query"]);
        Assert.Equal(Expected(vocabulary, " What is dense retrieval?", vocabulary.IdOf(SpecialTokenTexts.QueryPrefix)),
            model.Tokenize("What is dense retrieval?", EmbeddingPrompt.Query).Ids);
        Assert.Equal(Expected(vocabulary, " Dense retrieval uses embeddings.", vocabulary.IdOf(SpecialTokenTexts.DocumentPrefix)),
            model.Tokenize("Dense retrieval uses embeddings.", EmbeddingPrompt.Document).Ids);
        Assert.Equal(Expected(vocabulary, " a passage", vocabulary.IdOf(SpecialTokenTexts.PassagePrefix)),
            model.Tokenize("a passage", EmbeddingPrompt.Named("passage")).Ids);
    }

    [Fact]
    public void RankEmbed_TextWithThePrefixTokenText_IsNotParsedAsTheToken()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.RankEmbedPath, new EmbeddingModelOptions { BatchTokenBudget = 256 });
        int queryToken = models.RankEmbedModel.Vocabulary.IdOf(SpecialTokenTexts.QueryPrefix);

        TokenizedText tokens = model.Tokenize("<|query_token|>", EmbeddingPrompt.Document);

        Assert.DoesNotContain(queryToken, tokens.Ids);
    }

    [Fact]
    public void RankEmbed_WithoutThePrefixTokensInTheVocabulary_FailsToLoadWithAClearMessage()
    {
        var ex = Assert.Throws<LlamaModelLoadException>(() => EmbeddingModel.Load(models.RankEmbedWithoutTokensPath));

        Assert.Contains("<|query_token|>", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a single token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfileOverride_ReplacesTheFilesProfile_KeepingOnlyTheFilesOwnPrompts()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { Profile = EmbeddingProfileKind.Generic, BatchTokenBudget = 128 });

        Assert.Equal(EmbeddingProfileKind.Generic, model.Info.Profile);
        Assert.Equal(["Classification", "Clustering", "STS", "document", "query"], model.Info.Prompts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Expected(Gemma, "task: search result | query: text"), model.Tokenize("text", EmbeddingPrompt.Query).Ids);
        Assert.Throws<ArgumentException>(() => model.Tokenize("text", EmbeddingPrompt.Named("Summarization")));
    }
}
