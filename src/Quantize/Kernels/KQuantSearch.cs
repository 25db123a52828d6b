namespace LlamaEmbed.Quantization;

/// <summary>
/// The scale searches the k-quant references run per sub-block (ggml-quants.c <c>make_qx_quants</c> with
/// <c>rmse_type = 1</c> and no importance weights, and <c>make_qkx2_quants</c> without MAD). Every sum runs in
/// float, sequentially over the index, with the C operand order, so the chosen levels match ggml's bit for bit.
/// </summary>
internal static class KQuantSearch
{
    /// <summary>Sub-blocks whose largest magnitude is below this count as all zero (<c>GROUP_MAX_EPS</c>).</summary>
    public const float GroupMaxEpsilon = 1e-15f;

    /// <summary>
    /// Symmetric levels in [0, 2·<paramref name="nmax"/>) for <paramref name="x"/> (level − nmax times the returned
    /// scale approximates x), refining the scale over 18 candidate steps to maximise the x²-weighted fit.
    /// </summary>
    public static float MakeQxQuants(ReadOnlySpan<float> x, int nmax, Span<sbyte> levels)
    {
        float max = 0f;
        float amax = 0f;
        foreach (float v in x)
        {
            float ax = MathF.Abs(v);
            if (ax > amax)
            {
                amax = ax;
                max = v;
            }
        }
        if (amax < GroupMaxEpsilon)
        {
            levels[..x.Length].Clear();
            return 0f;
        }

        float iscale = -nmax / max;
        float sumlx = 0f;
        float suml2 = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            int l = Math.Max(-nmax, Math.Min(nmax - 1, ScalarBits.NearestInt(iscale * x[i])));
            levels[i] = (sbyte)(l + nmax);
            float w = x[i] * x[i];
            sumlx += w * x[i] * l;
            suml2 += w * l * l;
        }
        float scale = suml2 != 0f ? sumlx / suml2 : 0f;
        float best = scale * sumlx;

        for (int step = -9; step <= 9; step++)
        {
            if (step == 0)
            {
                continue;
            }
            iscale = -(nmax + 0.1f * step) / max;
            sumlx = 0f;
            suml2 = 0f;
            for (int i = 0; i < x.Length; i++)
            {
                int l = Math.Max(-nmax, Math.Min(nmax - 1, ScalarBits.NearestInt(iscale * x[i])));
                float w = x[i] * x[i];
                sumlx += w * x[i] * l;
                suml2 += w * l * l;
            }
            if (suml2 > 0f && sumlx * sumlx > best * suml2)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    int l = ScalarBits.NearestInt(iscale * x[i]);
                    levels[i] = (sbyte)(nmax + Math.Max(-nmax, Math.Min(nmax - 1, l)));
                }
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    /// <summary>
    /// Asymmetric levels in [0, <paramref name="nmax"/>] with a scale and a non-positive offset, minimising the
    /// weighted squared error over <paramref name="steps"/>+1 candidate scales. Returns the scale;
    /// <paramref name="negatedMin"/> receives −min (so it is ≥ 0). <paramref name="scratch"/> holds candidate levels.
    /// </summary>
    public static float MakeQkx2Quants(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weights, int nmax, Span<byte> levels, out float negatedMin,
        Span<byte> scratch, float rmin, float rdelta, int steps)
    {
        int n = x.Length;
        float min = x[0];
        float max = x[0];
        float sumW = weights[0];
        float sumX = sumW * x[0];
        for (int i = 1; i < n; i++)
        {
            if (x[i] < min)
            {
                min = x[i];
            }
            if (x[i] > max)
            {
                max = x[i];
            }
            float w = weights[i];
            sumW += w;
            sumX += w * x[i];
        }
        if (min > 0f)
        {
            min = 0f;
        }
        if (max == min)
        {
            levels[..n].Clear();
            negatedMin = -min;
            return 0f;
        }

        float iscale = nmax / (max - min);
        float scale = 1f / iscale;
        float bestError = 0f;
        for (int i = 0; i < n; i++)
        {
            int l = ScalarBits.NearestInt(iscale * (x[i] - min));
            levels[i] = (byte)Math.Max(0, Math.Min(nmax, l));
            float diff = scale * levels[i] + min - x[i];
            diff *= diff;
            bestError += weights[i] * diff;
        }

        for (int step = 0; step <= steps; step++)
        {
            // Reads the working min, which an adopted candidate below replaces (as in the C code).
            iscale = (rmin + rdelta * step + nmax) / (max - min);
            float sumL = 0f;
            float sumL2 = 0f;
            float sumXL = 0f;
            for (int i = 0; i < n; i++)
            {
                int l = Math.Max(0, Math.Min(nmax, ScalarBits.NearestInt(iscale * (x[i] - min))));
                scratch[i] = (byte)l;
                float wl = weights[i] * l;
                sumL += wl;
                sumL2 += wl * l;
                sumXL += wl * x[i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0f)
            {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0f)
                {
                    thisMin = 0f;
                    thisScale = sumXL / sumL2;
                }
                float error = 0f;
                for (int i = 0; i < n; i++)
                {
                    float diff = thisScale * scratch[i] + thisMin - x[i];
                    diff *= diff;
                    error += weights[i] * diff;
                }
                if (error < bestError)
                {
                    scratch[..n].CopyTo(levels);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        negatedMin = -min;
        return scale;
    }
}
