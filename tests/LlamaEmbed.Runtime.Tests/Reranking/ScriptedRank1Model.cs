using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests.Reranking;

/// <summary>
/// A tiny qwen2 GGUF (real byte-level BPE vocabulary with <c>" true"</c>, <c>" false"</c>, <c>&lt;think&gt;</c>,
/// <c>&lt;/think&gt;</c>, <c>&lt;|endoftext|&gt;</c>) whose greedy output is known in advance.
/// </summary>
/// <remarks>
/// <para>Every FFN weight and every attention weight except two is zero, so the residual stream at a position is its
/// token's embedding plus, when <see cref="ContentGain"/> is not zero, one attention term. Embeddings use dim 0 as a
/// constant 1, "state" tokens (the keys of the successor and judgement maps) a one-hot direction of their own from
/// dim 3 on, and every other token a content value v ∈ [−1, 1] on dim 1. Layer 0 attends uniformly (Q = K = 0) with
/// V = the normalized dim 1, written back by the output projection into dim 2 with gain g: a running mean of the
/// content of the sequence so far, which the KV cache must carry correctly (other sequences' or missing cells change it).</para>
/// <para>The untied LM head reads: for a state t, its successor gets +10 from t's direction; <c>" true"</c> and
/// <c>" false"</c> get −5 from dim 0 (so outside judgement states they are far below the thousands of 0 logits and
/// out of the top 20), the state's scripted judgement logits from its direction, and ±1 from dim 2.</para>
/// </remarks>
internal sealed class ScriptedRank1Model
{
    private const int E = 64;
    private const int ConstantDim = 0;
    private const int ContentDim = 1;
    private const int AggregateDim = 2;
    private const int FirstStateDim = 3;
    private const float SuccessorLogit = 10f;
    private const float JudgementBase = -5f;
    private const double Epsilon = 1e-6;

    private readonly Dictionary<int, int> _direction = [];
    private readonly float[] _embedding;
    private readonly float[] _output;

    private ScriptedRank1Model(string path, SyntheticVocabulary vocabulary, float contentGain, float[] embedding, float[] output, Dictionary<int, int> direction)
    {
        Path = path;
        Vocabulary = vocabulary;
        ContentGain = contentGain;
        _embedding = embedding;
        _output = output;
        _direction = direction;
    }

    /// <summary>The GGUF file.</summary>
    public string Path { get; }

    /// <summary>The vocabulary written into the file, with its own managed tokenizer.</summary>
    public SyntheticVocabulary Vocabulary { get; }

    /// <summary>The attention gain g (0: no attention at all).</summary>
    public float ContentGain { get; }

    /// <summary>The id of a single token given by its text.</summary>
    public int Id(string text) => Vocabulary.IdOf(text);

    /// <summary>
    /// Writes the model. <paramref name="successors"/> maps a token text to the token generated after it;
    /// <paramref name="judgements"/> maps a token text to the (" true", " false") logits added from its direction.
    /// </summary>
    public static ScriptedRank1Model Write(
        string path,
        IReadOnlyDictionary<string, string> successors,
        IReadOnlyDictionary<string, (float True, float False)>? judgements = null,
        float contentGain = 0f,
        bool includeThinkTokens = true)
    {
        judgements ??= new Dictionary<string, (float, float)>();
        SyntheticVocabularyOptions vocabularyOptions = new()
        {
            IncludeThinkTokens = includeThinkTokens,
            ExtraWords = ["yes", "it", "is", "relevant", "no", "passage", "alpha", "beta", "gamma", "delta", "epsilon"],
        };
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Qwen2(vocabularyOptions);
        int v = vocabulary.Count;
        int trueId = vocabulary.IdOf(" true");
        int falseId = vocabulary.IdOf(" false");

        Dictionary<int, int> direction = [];
        foreach (string state in successors.Keys.Concat(judgements.Keys).Distinct(StringComparer.Ordinal))
        {
            direction[vocabulary.IdOf(state)] = FirstStateDim + direction.Count;
        }
        if (FirstStateDim + direction.Count > E)
        {
            throw new ArgumentException("Too many scripted states for a 64-wide model.", nameof(successors));
        }

        float[] embedding = new float[v * E];
        for (int t = 0; t < v; t++)
        {
            embedding[t * E + ConstantDim] = 1f;
            if (direction.TryGetValue(t, out int d))
            {
                embedding[t * E + d] = 1f;
            }
            else
            {
                embedding[t * E + ContentDim] = ContentValue(t);
            }
        }
        float[] output = new float[v * E];
        output[trueId * E + ConstantDim] = JudgementBase;
        output[falseId * E + ConstantDim] = JudgementBase;
        output[trueId * E + AggregateDim] = 1f;
        output[falseId * E + AggregateDim] = -1f;
        foreach ((string state, string next) in successors)
        {
            output[vocabulary.IdOf(next) * E + direction[vocabulary.IdOf(state)]] = SuccessorLogit;
        }
        foreach ((string state, (float t, float f)) in judgements)
        {
            int d = direction[vocabulary.IdOf(state)];
            output[trueId * E + d] += t;
            output[falseId * E + d] += f;
        }

        SyntheticModelSpec spec = SyntheticModels.Tiny(SyntheticArchitecture.Qwen2) with
        {
            Name = "scripted-rank1",
            TiedOutput = false,
            Vocabulary = vocabularyOptions,
            OverrideTensor = tensor => TensorValues(tensor, embedding, output, contentGain),
        };
        SyntheticModelBuilder.Write(spec, path);
        return new ScriptedRank1Model(path, vocabulary, contentGain, embedding, output, direction);
    }

    /// <summary>
    /// Logits at the last position of <paramref name="tokens"/>, computed in double from the scripted weights (no
    /// llama.cpp involved). With attention on, llama.cpp keeps V in an F16 cache, so compare loosely then.
    /// </summary>
    public double[] ReferenceLogits(IReadOnlyList<int> tokens)
    {
        double contentSum = 0;
        for (int j = 0; j < tokens.Count; j++)
        {
            contentSum += Normalize(Embedding(tokens[j]))[ContentDim];
        }
        double mean = contentSum / tokens.Count;
        double[] x = Embedding(tokens[^1]);
        x[AggregateDim] += ContentGain * mean;
        double[] y = Normalize(x);
        int v = Vocabulary.Count;
        double[] logits = new double[v];
        for (int u = 0; u < v; u++)
        {
            double sum = 0;
            for (int k = 0; k < E; k++)
            {
                sum += _output[u * E + k] * y[k];
            }
            logits[u] = sum;
        }
        return logits;
    }

    /// <summary>sigmoid(l_true − l_false) of <see cref="ReferenceLogits"/>.</summary>
    public double ReferenceScore(IReadOnlyList<int> tokens)
    {
        double[] logits = ReferenceLogits(tokens);
        return 1.0 / (1.0 + Math.Exp(logits[Id(" false")] - logits[Id(" true")]));
    }

    /// <summary>True when token <paramref name="id"/> is a scripted state (carries no content).</summary>
    public bool IsState(int id) => _direction.ContainsKey(id);

    /// <summary>The content value of a non-state token: a fixed pseudo-random number in [−1, 1].</summary>
    public static float ContentValue(int token) => (int)((uint)token * 2654435761u % 201u) / 100f - 1f;

    private double[] Embedding(int token)
    {
        double[] x = new double[E];
        for (int k = 0; k < E; k++)
        {
            x[k] = _embedding[token * E + k];
        }
        return x;
    }

    private static double[] Normalize(double[] x)
    {
        double meanSquare = x.Sum(a => a * a) / x.Length;
        double scale = 1.0 / Math.Sqrt(meanSquare + Epsilon);
        return x.Select(a => a * scale).ToArray();
    }

    private static float[] TensorValues(SyntheticTensor tensor, float[] embedding, float[] output, float contentGain)
    {
        float[] values = new float[tensor.ElementCount];
        switch (tensor.Name)
        {
            case "token_embd.weight":
                return embedding;
            case "output.weight":
                return output;
            case "blk.0.attn_v.weight":
                values[0 * E + ContentDim] = contentGain == 0 ? 0f : 1f;        // V head dim 0 = normalized content
                return values;
            case "blk.0.attn_output.weight":
                values[AggregateDim * E + 0] = contentGain;                     // head 0, dim 0 → residual dim 2
                return values;
            default:
                if (tensor.Name.EndsWith("norm.weight", StringComparison.Ordinal))
                {
                    Array.Fill(values, 1f);
                }
                return values;
        }
    }
}
