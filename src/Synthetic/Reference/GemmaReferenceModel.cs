namespace LlamaEmbed.Synthetic.Reference;

/// <summary>
/// A plain double-precision forward pass of llama.cpp's <c>gemma-embedding</c> and <c>gemma3</c> graphs, written
/// from the architecture description without llama.cpp, to hold the native vectors (and converted weights) to.
/// </summary>
/// <remarks>
/// <para>
/// Per text (positions 0..n−1, no other text in view): token embeddings × √E; then per block RMSNorm → Q, K, V;
/// RMSNorm of every Q and K head; NEOX RoPE with the global or the sliding-window base; Q × <see cref="GemmaReferenceConfig.AttentionScale"/>;
/// softmax attention under <see cref="GemmaReferenceConfig.Attends"/> (query head h reads KV head h / (H/Hkv));
/// output projection, <c>post_attention_norm</c>, residual; <c>ffn_norm</c>, gelu_tanh(gate·x) ⊙ (up·x), down,
/// <c>post_ffw_norm</c>, residual; finally <c>output_norm</c>. <see cref="Embed"/> pools and applies
/// <c>dense_3 · (dense_2 · pooled)</c> when those tensors exist (no activation, no normalization).
/// </para>
/// <para>
/// Weights are read by GGUF tensor name in GGUF layout (ne0 contiguous: a Linear weight is row-major
/// <c>[out, in]</c>). RMSNorm multiplies by <c>weight + normWeightOffset</c>: 0 for GGUF files, whose norm tensors
/// already hold 1 + w, and 1 for Hugging Face tensors, which hold w. It is a reference: simple loops, clarity over
/// speed; a tiny model embeds a short text in milliseconds, an EmbeddingGemma-sized one in about a second per
/// sixteen tokens. Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class GemmaReferenceModel
{
    private readonly float[] _tokenEmbedding;
    private readonly float[] _outputNorm;
    private readonly ReferenceLayer[] _layers;
    private readonly float[]? _dense2;
    private readonly float[]? _dense3;
    private readonly double _normWeightOffset;

    /// <summary>Loads every weight the graph uses from <paramref name="tensors"/>.</summary>
    /// <param name="config">The hyperparameters; validated here.</param>
    /// <param name="tensors">Returns a tensor's values by GGUF name (e.g. <c>blk.0.attn_q.weight</c>) in GGUF layout, or null when the model has no such tensor.</param>
    /// <param name="normWeightOffset">Added to every RMSNorm weight: 0 for GGUF tensors (1 + w stored), 1 for Hugging Face tensors (w stored).</param>
    /// <exception cref="ArgumentException">The configuration is invalid.</exception>
    /// <exception cref="InvalidDataException">A required tensor is missing or a tensor has the wrong number of values.</exception>
    public GemmaReferenceModel(GemmaReferenceConfig config, Func<string, float[]?> tensors, float normWeightOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tensors);
        config.Validate();
        Config = config;
        _normWeightOffset = normWeightOffset;
        int e = config.EmbeddingLength;

        _tokenEmbedding = Require(tensors, "token_embd.weight", null);
        if (_tokenEmbedding.Length == 0 || _tokenEmbedding.Length % e != 0)
        {
            throw new InvalidDataException($"token_embd.weight has {_tokenEmbedding.Length} values, not a positive multiple of E = {e}.");
        }
        VocabularySize = _tokenEmbedding.Length / e;
        _outputNorm = Require(tensors, "output_norm.weight", e);
        _layers = new ReferenceLayer[config.BlockCount];
        for (int il = 0; il < config.BlockCount; il++)
        {
            _layers[il] = ReferenceLayer.Load(config, tensors, il);
        }

        _dense2 = tensors("dense_2.weight");
        _dense3 = tensors("dense_3.weight");
        int dense2Out = _dense2 is null ? e : config.Dense2FeatureOut;
        CheckLength("dense_2.weight", _dense2, (long)e * config.Dense2FeatureOut);
        CheckLength("dense_3.weight", _dense3, (long)config.Dense3FeatureIn * e);
        if (_dense3 is not null && config.Dense3FeatureIn != dense2Out)
        {
            throw new InvalidDataException($"dense_3 takes {config.Dense3FeatureIn} inputs but receives {dense2Out}.");
        }
        OutputLength = _dense3 is not null ? e : dense2Out;
    }

    /// <summary>The hyperparameters.</summary>
    public GemmaReferenceConfig Config { get; }

    /// <summary>V, the number of rows of <c>token_embd.weight</c>; token ids must lie in [0, V).</summary>
    public int VocabularySize { get; }

    /// <summary>The length of <see cref="Embed"/>'s vector: E, or <c>dense_2_feat_out</c> when only <c>dense_2</c> exists.</summary>
    public int OutputLength { get; }

    /// <summary>True when the model has <c>dense_2</c> or <c>dense_3</c>.</summary>
    public bool HasDense => _dense2 is not null || _dense3 is not null;

    /// <summary>The hidden state of every token after <c>output_norm</c> (what llama.cpp pools), one E-vector per token.</summary>
    /// <param name="tokens">The token ids of one text, BOS/EOS included as fed; positions are 0..n−1.</param>
    /// <exception cref="ArgumentException">The list is empty or an id is outside [0, V).</exception>
    public double[][] HiddenStates(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            throw new ArgumentException("At least one token is needed.", nameof(tokens));
        }
        int e = Config.EmbeddingLength;
        double inputScale = Math.Sqrt(e);
        var x = new double[tokens.Count][];
        for (int t = 0; t < tokens.Count; t++)
        {
            int id = tokens[t];
            if ((uint)id >= (uint)VocabularySize)
            {
                throw new ArgumentException($"Token id {id} at index {t} is outside the vocabulary [0, {VocabularySize}).", nameof(tokens));
            }
            ReadOnlySpan<float> row = _tokenEmbedding.AsSpan(id * e, e);
            x[t] = new double[e];
            for (int i = 0; i < e; i++)
            {
                x[t][i] = row[i] * inputScale;
            }
        }
        for (int il = 0; il < _layers.Length; il++)
        {
            x = _layers[il].Forward(Config, il, x, _normWeightOffset);
        }
        return [.. x.Select(h => ReferenceMath.RmsNorm(h, _outputNorm, _normWeightOffset, Config.RmsEpsilon))];
    }

    /// <summary>
    /// The text's embedding as llama.cpp returns it from <c>llama_get_embeddings_seq</c>: the hidden states pooled by
    /// <see cref="GemmaReferenceConfig.Pooling"/>, then the Dense layers if present. Not normalized.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty or an id is outside [0, V).</exception>
    public double[] Embed(IReadOnlyList<int> tokens)
    {
        double[] pooled = Pool(HiddenStates(tokens), Config.Pooling);
        if (_dense2 is not null)
        {
            pooled = ReferenceMath.MatVec(_dense2, Config.Dense2FeatureOut, Config.EmbeddingLength, pooled);
        }
        if (_dense3 is not null)
        {
            pooled = ReferenceMath.MatVec(_dense3, Config.EmbeddingLength, Config.Dense3FeatureIn, pooled);
        }
        return pooled;
    }

    /// <summary>Pools one text's per-token states: the mean over all of them, the first, or the last.</summary>
    /// <exception cref="ArgumentException">There are no states, or they differ in length.</exception>
    public static double[] Pool(IReadOnlyList<double[]> states, GemmaReferencePooling pooling)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0 || states.Any(s => s.Length != states[0].Length))
        {
            throw new ArgumentException("Pooling needs at least one state, all of one length.", nameof(states));
        }
        switch (pooling)
        {
            case GemmaReferencePooling.Cls:
                return [.. states[0]];
            case GemmaReferencePooling.Last:
                return [.. states[^1]];
            default:
                var mean = new double[states[0].Length];
                foreach (double[] state in states)
                {
                    for (int i = 0; i < mean.Length; i++)
                    {
                        mean[i] += state[i];
                    }
                }
                for (int i = 0; i < mean.Length; i++)
                {
                    mean[i] /= states.Count;
                }
                return mean;
        }
    }

    internal static float[] Require(Func<string, float[]?> tensors, string name, long? length)
    {
        float[] values = tensors(name) ?? throw new InvalidDataException($"Tensor '{name}' is required and missing.");
        CheckLength(name, values, length);
        return values;
    }

    private static void CheckLength(string name, float[]? values, long? length)
    {
        if (values is not null && length is long expected && values.Length != expected)
        {
            throw new InvalidDataException($"Tensor '{name}' has {values.Length} values; the configuration needs {expected}.");
        }
    }
}
