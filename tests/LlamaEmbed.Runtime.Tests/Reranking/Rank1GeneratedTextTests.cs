using System.Text;
using LlamaEmbed.Reranking;
using Xunit;

namespace LlamaEmbed.Tests.Reranking;

public sealed class Rank1GeneratedTextTests
{
    private static bool Feed(Rank1GeneratedText text, params string[] pieces)
    {
        foreach (string piece in pieces)
        {
            if (text.AppendAndCheckStop(Encoding.UTF8.GetBytes(piece)))
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public void StopsOnTrueAndCutsTheStopString()
    {
        Rank1GeneratedText text = new();

        Assert.False(Feed(text, "I think", " it is", " relevant.", "\n"));
        Assert.True(Feed(text, "</think>", " true"));
        Assert.Equal("I think it is relevant.\n", text.Reasoning);
    }

    [Fact]
    public void StopsOnFalse()
    {
        Rank1GeneratedText text = new();

        Assert.True(Feed(text, "No.", "</think>", " false"));
        Assert.Equal("No.", text.Reasoning);
    }

    [Fact]
    public void MatchesOnTextNotTokens()
    {
        Rank1GeneratedText split = new();
        Assert.False(Feed(split, "x</think> tr"));
        Assert.True(Feed(split, "ue"));
        Assert.Equal("x", split.Reasoning);

        Rank1GeneratedText longer = new();
        Assert.True(Feed(longer, "x</think>", " truest"));
        Assert.Equal("x", longer.Reasoning);
    }

    [Fact]
    public void ChecksStopStringsInListOrderWithinOneStep()
    {
        Rank1GeneratedText text = new();

        Assert.True(Feed(text, "a</think> false b</think> true"));
        Assert.Equal("a</think> false b", text.Reasoning);
    }

    [Fact]
    public void HoldsPartialUtf8UntilComplete()
    {
        Rank1GeneratedText text = new();
        byte[] e = Encoding.UTF8.GetBytes("é");

        Assert.False(text.AppendAndCheckStop(e.AsSpan(0, 1)));
        Assert.Equal(string.Empty, text.Text);
        Assert.False(text.AppendAndCheckStop(e.AsSpan(1)));
        Assert.Equal("é", text.Text);
    }

    [Fact]
    public void StreamedPiecesConcatenateToTheReasoning()
    {
        Rank1GeneratedText text = new();
        StringBuilder streamed = new();
        foreach (string piece in new[] { "Yes", ", it", " is", ".\n", "</th", "ink", ">", " true", " trailing" })
        {
            bool stop = text.AppendAndCheckStop(Encoding.UTF8.GetBytes(piece));
            string shown = text.TakeStreamable();
            Assert.DoesNotContain("<", shown, StringComparison.Ordinal);
            streamed.Append(shown);
            if (stop)
            {
                break;
            }
        }
        streamed.Append(text.TakeRest());

        Assert.Equal("Yes, it is.\n", text.Reasoning);
        Assert.Equal(text.Reasoning, streamed.ToString());
    }

    [Fact]
    public void TakeRestReleasesAHeldBackTailWhenNoStopCame()
    {
        Rank1GeneratedText text = new();
        Feed(text, "ends with </think");

        Assert.Equal("ends with ", text.TakeStreamable());
        Assert.Equal("</think", text.TakeRest());
    }
}
