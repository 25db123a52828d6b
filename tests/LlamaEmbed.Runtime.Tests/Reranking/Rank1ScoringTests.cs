using LlamaEmbed.Reranking;
using Xunit;

namespace LlamaEmbed.Tests.Reranking;

public sealed class Rank1ScoringTests
{
    [Fact]
    public void Score_IsTheTwoWaySoftmax()
    {
        double expected = Math.Exp(2.5) / (Math.Exp(2.5) + Math.Exp(-1.0));

        Assert.Equal(expected, Rank1Scoring.Score(2.5f, -1f), 12);
        Assert.Equal(0.5, Rank1Scoring.Score(3f, 3f));
        Assert.True(Rank1Scoring.Score(-4f, 4f) < 0.001);
        Assert.True(double.IsNaN(Rank1Scoring.Score(float.NaN, 0f)));
        Assert.True(double.IsNaN(Rank1Scoring.Score(0f, float.NegativeInfinity)));
    }

    [Fact]
    public void IsInTop_CountsStrictlyLargerEntries()
    {
        float[] logits = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();

        Assert.True(Rank1Scoring.IsInTop(logits, 29));
        Assert.True(Rank1Scoring.IsInTop(logits, 10));   // 19 larger
        Assert.False(Rank1Scoring.IsInTop(logits, 9));   // 20 larger

        float[] ties = new float[40];
        Assert.True(Rank1Scoring.IsInTop(ties, 39));     // equal values are not larger

        logits[5] = float.NaN;
        Assert.False(Rank1Scoring.IsInTop(logits, 5));
    }
}
