using System.Text;
using LlamaEmbed.Reranking;
using Xunit;

namespace LlamaEmbed.Tests.Reranking;

public sealed class Rank1PromptTests
{
    [Fact]
    public void Build_ProducesTheSpecBytes()
    {
        // Hex of the rank1.md §1 prompt for this pair, produced with Python's str.encode() from the spec's text.
        const string expectedHex =
            "44657465726D696E652069662074686520666F6C6C6F77696E6720706173736167652069732072656C6576616E7420746F2074686520" +
            "71756572792E20416E73776572206F6E6C79207769746820277472756527206F72202766616C7365272E0A51756572793A2077686174" +
            "2069732072616E6B313F0A506173736167653A2052616E6B3120726572616E6B732070617373616765732E0A3C7468696E6B3E";

        string prompt = Rank1Prompt.Build("what is rank1?", "Rank1 reranks passages.");

        Assert.Equal(expectedHex, Convert.ToHexString(Encoding.UTF8.GetBytes(prompt)));
    }

    [Fact]
    public void Build_EndsAtThinkWithNothingAfter()
    {
        string prompt = Rank1Prompt.Build("q", "p");

        Assert.EndsWith("\nPassage: p\n<think>", prompt, StringComparison.Ordinal);
        Assert.StartsWith("Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\nQuery: q\n", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', prompt);
    }

    [Fact]
    public void Build_KeepsQueryAndPassageVerbatim()
    {
        string prompt = Rank1Prompt.Build("  spaced query ", "\tpassage with <think> inside ");

        Assert.Contains("Query:   spaced query \nPassage: \tpassage with <think> inside \n<think>", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("what is x", null, "what is x")]
    [InlineData("  what is x \n", null, "what is x")]
    [InlineData("what is x", "Only recent work.", "what is x Only recent work.")]
    [InlineData(" what is x ", " Only recent work. ", "what is x   Only recent work.")]
    [InlineData("what is x", " what is x\t", "what is x")]
    [InlineData("what is x", "", "what is x")]
    public void MergeInstruction_FollowsOfficialPredict(string query, string? instruction, string expected)
    {
        Assert.Equal(expected, Rank1Prompt.MergeInstruction(query, instruction));
    }

    [Fact]
    public void MergeInstruction_StripsPythonWhitespaceIncludingSeparators()
    {
        Assert.Equal("q", Rank1Prompt.MergeInstruction("\u001Cq\u001F\u3000", null));
    }

    [Fact]
    public void ApplyDatasetPrompt_ReplacesEveryPlaceholder()
    {
        Assert.Equal("A: x / B: x", Rank1Prompt.ApplyDatasetPrompt("x", "A: FILL_QUERY_HERE / B: FILL_QUERY_HERE"));
        Assert.Equal("x", Rank1Prompt.ApplyDatasetPrompt("x", null));
    }

    [Fact]
    public void DatasetPrompts_MatchTheSpecTexts()
    {
        Assert.Equal(
            "Claim: my claim\n\nA relevant passage would provide evidence that either **supports** or **refutes** this claim. A passage with any information on any related subpart should be relevant.",
            Rank1Prompt.ApplyDatasetPrompt("my claim", Rank1DatasetPrompts.SciFact));
        Assert.Equal("q If the article answers any part of the question it is relevant.", Rank1Prompt.ApplyDatasetPrompt("q", Rank1DatasetPrompts.TrecCovid));
        Assert.Equal("q Find a passage that would be a good answer from StackExchange.", Rank1Prompt.ApplyDatasetPrompt("q", Rank1DatasetPrompts.FiQA2018));
        Assert.Same(Rank1DatasetPrompts.SciFact, Rank1DatasetPrompts.ForTask("scifact"));
        Assert.Same(Rank1DatasetPrompts.TrecCovid, Rank1DatasetPrompts.ForTask("TRECCOVID"));
        Assert.Null(Rank1DatasetPrompts.ForTask("NevIR"));
    }
}
