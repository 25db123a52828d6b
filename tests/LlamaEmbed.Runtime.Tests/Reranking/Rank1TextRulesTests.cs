using LlamaEmbed.Reranking;
using Xunit;

namespace LlamaEmbed.Tests.Reranking;

/// <summary>The Python-compatible text rules: str.strip's whitespace set and the fallback's sentence cut.</summary>
public sealed class Rank1TextRulesTests
{
    // Every BMP code point for which Python 3.11's str.isspace() is true.
    private static readonly int[] s_pythonWhitespace =
    [
        0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
        0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ];

    [Fact]
    public void IsWhitespace_EqualsPythonIsspaceOverTheWholeBmp()
    {
        int[] ours = Enumerable.Range(0, 0x10000).Where(c => PythonWhitespace.IsWhitespace((char)c)).ToArray();

        Assert.Equal(s_pythonWhitespace, ours);
    }

    [Fact]
    public void Strip_RemovesTheInformationSeparatorsThatTrimKeeps()
    {
        Assert.Equal("a b", PythonWhitespace.Strip("\u001C\u001D a b \u001E\u001F"));
        Assert.Equal("\u001Ca b", "\u001Ca b".Trim());
        Assert.Equal(" a", PythonWhitespace.RStrip(" a \u3000\n"));
        Assert.Equal("\u200Ba", PythonWhitespace.Strip("\u200Ba "));
    }

    // Expected values from Python: t = s.rstrip(); cut after the last of . ! ? unless t ends with one; t.strip().
    [Theory]
    [InlineData("  The passage discusses X. It also mentions Y, but", "The passage discusses X.")]
    [InlineData("No sentence end here \n", "No sentence end here")]
    [InlineData("Ends well!  \n\u001C", "Ends well!")]
    [InlineData("Question? Maybe. Hmm\u001F", "Question? Maybe.")]
    [InlineData("\u3000 Wait... really?! so", "Wait... really?!")]
    [InlineData("", "")]
    [InlineData(" \n ", "")]
    [InlineData("v1.5 is the version", "v1.")]
    public void FallbackClean_FollowsTheOfficialCut(string reasoning, string expected)
    {
        Assert.Equal(expected, Rank1FallbackText.Clean(reasoning));
    }

    [Fact]
    public void FallbackTail_HasNoSpaceAfterTheClosingTag()
    {
        Assert.Equal("\nSo it is relevant.\n</think>", Rank1Prompt.BuildFallbackTail("So it is relevant."));
    }
}
