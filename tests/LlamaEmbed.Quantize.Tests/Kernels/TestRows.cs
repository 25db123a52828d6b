namespace LlamaEmbed.Tests.Kernels;

/// <summary>Deterministic inputs that stress the quantizers' edge cases (fixed seeds, no NaN).</summary>
internal static class TestRows
{
    public const int RowLength = 512;
    public const int Rows = 24;

    public static readonly string[] Kinds =
        ["normal", "log-uniform", "zeros", "half-ties", "huge", "tiny", "float-denormal", "outlier", "mixed-blocks"];

    public static float[] Make(string kind, int rows = Rows, int rowLength = RowLength)
    {
        var random = new Random(kind.Length * 7919 + rows);
        var x = new float[rows * rowLength];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = kind switch
            {
                "normal" => Normal(random) * 0.05f,
                "log-uniform" => Sign(random) * MathF.Pow(10f, -8f + 12f * random.NextSingle()),
                "zeros" => 0f,
                // Integers and halves: every divisor that comes out a power of two turns these into exact .5 ties.
                "half-ties" => (random.Next(-32, 33) / 2f) * (i % 3 == 0 ? 0.25f : 1f),
                "huge" => Normal(random) * 1e30f,
                // Scales below fp16's normal range (6.1e-5), many in its subnormal range or below it.
                "tiny" => Normal(random) * MathF.Pow(10f, -9f + 5f * random.NextSingle()),
                "float-denormal" => Normal(random) * 1e-40f,
                "outlier" => i % 256 == 17 ? 1000f * Sign(random) : Normal(random) * 0.01f,
                "mixed-blocks" => MixedBlock(random, i),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }
        return x;
    }

    /// <summary>Changes character every 16 values: zero runs, constant runs, all-positive, all-negative, ties.</summary>
    private static float MixedBlock(Random random, int i) => (i / 16 % 7) switch
    {
        0 => 0f,
        1 => 0.375f,
        2 => MathF.Abs(Normal(random)) + 1f,
        3 => -MathF.Abs(Normal(random)) - 2f,
        4 => random.Next(-8, 8) + 0.5f,
        5 => i % 16 == 0 ? -3f : 1e-20f,
        _ => Normal(random) * 65504f,
    };

    private static float Sign(Random random) => random.Next(2) == 0 ? -1f : 1f;

    private static float Normal(Random random)
    {
        float u1 = 1f - random.NextSingle();
        float u2 = random.NextSingle();
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }
}
