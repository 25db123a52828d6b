namespace LlamaEmbed.Synthetic.Reference;

/// <summary>
/// The elementary operations of the Gemma graph in double precision, written from their definitions. Weights stay
/// in the float arrays they came in (every float is exact as a double); all arithmetic is double.
/// </summary>
internal static class ReferenceMath
{
    /// <summary>√(2/π), the constant of the tanh GELU approximation.</summary>
    private static readonly double SqrtTwoOverPi = Math.Sqrt(2.0 / Math.PI);

    /// <summary>y = W·x for a row-major <c>[rows, cols]</c> weight (GGUF ne = [cols, rows]).</summary>
    public static double[] MatVec(float[] weight, int rows, int cols, ReadOnlySpan<double> x)
    {
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = weight.AsSpan(r * cols, cols);
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += row[c] * x[c];
            }
            y[r] = sum;
        }
        return y;
    }

    /// <summary>RMSNorm: x / √(mean(x²) + eps) · (w + offset), the offset being 0 for GGUF weights (which store 1 + w).</summary>
    public static double[] RmsNorm(ReadOnlySpan<double> x, float[] weight, double weightOffset, double epsilon)
    {
        double sumSquares = 0;
        foreach (double v in x)
        {
            sumSquares += v * v;
        }
        double scale = 1.0 / Math.Sqrt(sumSquares / x.Length + epsilon);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * scale * (weight[i] + weightOffset);
        }
        return y;
    }

    /// <summary>
    /// NEOX-style RoPE in place on one head: dimension i (i &lt; n/2) pairs with i + n/2 and turns by
    /// position · scale · base^(−2i/n); dimensions from n on are left alone.
    /// </summary>
    public static void RopeNeox(Span<double> head, int rotatedDims, int position, double freqBase, double freqScale)
    {
        int half = rotatedDims / 2;
        for (int i = 0; i < half; i++)
        {
            double theta = position * freqScale * Math.Pow(freqBase, -2.0 * i / rotatedDims);
            double cos = Math.Cos(theta);
            double sin = Math.Sin(theta);
            double x0 = head[i];
            double x1 = head[i + half];
            head[i] = x0 * cos - x1 * sin;
            head[i + half] = x0 * sin + x1 * cos;
        }
    }

    /// <summary>GELU, tanh approximation (PyTorch <c>gelu_pytorch_tanh</c>; ggml's <c>ggml_gelu</c> tabulates the same curve in fp16).</summary>
    public static double GeluTanh(double x) => 0.5 * x * (1.0 + Math.Tanh(SqrtTwoOverPi * (x + 0.044715 * x * x * x)));

    /// <summary>Softmax in place, shifted by the maximum; entries at negative infinity become 0.</summary>
    public static void Softmax(Span<double> scores)
    {
        double max = double.NegativeInfinity;
        foreach (double s in scores)
        {
            max = Math.Max(max, s);
        }
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = Math.Exp(scores[i] - max);
            sum += scores[i];
        }
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] /= sum;
        }
    }
}
