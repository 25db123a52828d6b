using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

public static partial class SyntheticModels
{
    /// <summary>
    /// A qwen2 model whose greedy output is known in advance. Every attention and FFN weight and bias is zero, so
    /// the residual stream of a token is its embedding row; the rows are one-hot (scripted token i gets direction
    /// i + 1, all other tokens direction 0), <c>output_norm</c> is 1, and the untied <c>output.weight</c> holds, per
    /// direction, the logits <see cref="GreedyScript.ExpectedLogits"/> divided by the RMSNorm gain. So the logits
    /// after a token are the script's values (up to float rounding), whatever came before it.
    /// </summary>
    /// <param name="script">Successors, margin and exact logits.</param>
    /// <param name="vocabulary">The vocabulary options (ids come from <see cref="SyntheticVocabularies.Qwen2"/> with the same options).</param>
    /// <exception cref="ArgumentException">A successor would not be the strict argmax, or an id is outside the vocabulary.</exception>
    public static SyntheticModelSpec ScriptedQwen2(GreedyScript script, SyntheticVocabularyOptions? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        vocabulary ??= new SyntheticVocabularyOptions();
        int vocabularySize = SyntheticVocabularies.Qwen2(vocabulary).Count;
        int[] sources = [.. script.Successors.Keys.Order()];
        var sourceTokens = sources.Prepend(-1).ToArray();
        foreach (int token in script.Logits.Keys.Where(k => !script.Successors.ContainsKey(k)))
        {
            throw new ArgumentException($"Exact logits after token {token} need a successor for it too.", nameof(script));
        }
        foreach (int token in sourceTokens)
        {
            Validate(script, token, vocabularySize);
        }
        int width = Math.Max(64, (sources.Length + 1 + 63) / 64 * 64);
        var direction = new Dictionary<int, int>();
        for (int i = 0; i < sources.Length; i++)
        {
            direction[sources[i]] = i + 1;
        }
        const float rmsEpsilon = 1e-6f;
        // RMSNorm of a unit one-hot row: x / sqrt(1/E + eps).
        float gain = 1f / MathF.Sqrt(1f / width + rmsEpsilon);

        float[]? Override(SyntheticTensor tensor)
        {
            var values = new float[tensor.ElementCount];
            switch (tensor.Name)
            {
                case "token_embd.weight":
                    for (int t = 0; t < vocabularySize; t++)
                    {
                        values[((long)t * width) + direction.GetValueOrDefault(t)] = 1f;
                    }
                    break;
                case "output.weight":
                    for (int d = 0; d < sourceTokens.Length; d++)
                    {
                        float[] logits = Validate(script, sourceTokens[d], vocabularySize);
                        for (int v = 0; v < vocabularySize; v++)
                        {
                            values[((long)v * width) + d] = logits[v] / gain;
                        }
                    }
                    break;
                default:
                    if (tensor.Role == SyntheticTensorRole.Norm)
                    {
                        Array.Fill(values, 1f);
                    }
                    break;
            }
            return values;
        }

        return Tiny(SyntheticArchitecture.Qwen2) with
        {
            Name = "synthetic-scripted-qwen2",
            EmbeddingLength = width,
            HeadCount = width / 32,
            HeadCountKv = 1,
            HeadDim = 32,
            LayerCount = 2,
            RmsEpsilon = rmsEpsilon,
            TiedOutput = false,
            WeightType = GgmlType.F32,
            Vocabulary = vocabulary,
            OverrideTensor = Override,
        };
    }

    /// <summary>The script's logits after <paramref name="token"/> (−1 stands for every unscripted token), checked for a strict argmax.</summary>
    private static float[] Validate(GreedyScript script, int token, int vocabularySize)
    {
        int successor = token >= 0 ? script.Successors[token] : script.DefaultSuccessor;
        if ((uint)successor >= vocabularySize || token >= vocabularySize)
        {
            throw new ArgumentException($"Token {token} → {successor} is outside the vocabulary of {vocabularySize}.", nameof(script));
        }
        float[] logits = script.ExpectedLogits(token, vocabularySize);
        for (int v = 0; v < vocabularySize; v++)
        {
            if (v != successor && logits[v] >= logits[successor])
            {
                throw new ArgumentException($"After token {token}, id {v} has logit {logits[v]} ≥ the successor {successor}'s {logits[successor]}.", nameof(script));
            }
        }
        return logits;
    }
}
