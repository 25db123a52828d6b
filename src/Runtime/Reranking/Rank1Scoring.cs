namespace LlamaEmbed.Reranking;

/// <summary>
/// The score arithmetic of rank1.md §2.2/§3: a two-way softmax of the <c>" true"</c> and <c>" false"</c> logits, and the
/// top-20 membership test vLLM's <c>logprobs=20</c> implies.
/// </summary>
internal static class Rank1Scoring
{
    /// <summary>How many top entries vLLM returns per generated token in the official run.</summary>
    public const int TopLogprobs = 20;

    /// <summary>
    /// e^lt / (e^lt + e^lf) = sigmoid(lt − lf), computed in double so the normaliser (log-softmax) cancels exactly.
    /// Returns NaN when either logit is not finite, which callers treat as "no judgement".
    /// </summary>
    public static double Score(float logitTrue, float logitFalse)
    {
        if (!float.IsFinite(logitTrue) || !float.IsFinite(logitFalse))
        {
            return double.NaN;
        }
        return 1.0 / (1.0 + Math.Exp((double)logitFalse - logitTrue));
    }

    /// <summary>
    /// True when <paramref name="token"/> is among the <see cref="TopLogprobs"/> largest logits: fewer than that many
    /// entries are strictly larger. A NaN logit is never in the top.
    /// </summary>
    public static bool IsInTop(ReadOnlySpan<float> logits, int token, int top = TopLogprobs)
    {
        float value = logits[token];
        if (float.IsNaN(value))
        {
            return false;
        }
        int larger = 0;
        foreach (float l in logits)
        {
            if (l > value && ++larger >= top)
            {
                return false;
            }
        }
        return true;
    }
}
