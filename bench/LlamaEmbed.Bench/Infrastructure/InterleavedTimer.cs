using System.Diagnostics;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// Times several ways of doing the same work in interleaved rounds (one warm-up of each, then rounds that run every
/// side once in a rotating order), so that load from other processes, which drifts over minutes on a shared machine,
/// hits every side alike. Ratios are taken within a round, then summarized by their median and range.
/// </summary>
internal sealed class InterleavedTimer
{
    private readonly double[,] _seconds;

    private InterleavedTimer(double[,] seconds) => _seconds = seconds;

    /// <summary>Runs the warm-up and <paramref name="rounds"/> measured rounds of <paramref name="sides"/>.</summary>
    public static InterleavedTimer Run(int rounds, params Func<int>[] sides)
    {
        foreach (Func<int> side in sides)
        {
            side();
        }
        var seconds = new double[rounds, sides.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < sides.Length; k++)
            {
                int side = (round + k) % sides.Length;
                long start = Stopwatch.GetTimestamp();
                sides[side]();
                seconds[round, side] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }
        return new InterleavedTimer(seconds);
    }

    /// <summary>The median time of one side, in seconds.</summary>
    public double MedianSeconds(int side) => Median([.. Rounds().Select(r => _seconds[r, side])]);

    /// <summary>"median (min–max)" of the per-round ratio time(<paramref name="side"/>) ÷ time(<paramref name="baseline"/>).</summary>
    public string Ratio(int side, int baseline)
    {
        double[] ratios = [.. Rounds().Select(r => _seconds[r, side] / _seconds[r, baseline]).Order()];
        return $"{Median(ratios):F3} ({ratios[0]:F3}–{ratios[^1]:F3})";
    }

    private IEnumerable<int> Rounds() => Enumerable.Range(0, _seconds.GetLength(0));

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
