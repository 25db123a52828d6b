namespace LlamaEmbed.Synthetic;

/// <summary>
/// What a scripted decoder (<see cref="SyntheticModels.ScriptedQwen2"/>) predicts: after each token, its fixed
/// successor wins greedy decoding by <see cref="Margin"/>, and chosen logits take exact values.
/// </summary>
public sealed record GreedyScript
{
    /// <summary>Token → the token greedy decoding emits next. At most embedding width − 1 entries.</summary>
    public required IReadOnlyDictionary<int, int> Successors { get; init; }

    /// <summary>The successor of every token not in <see cref="Successors"/>.</summary>
    public required int DefaultSuccessor { get; init; }

    /// <summary>The successor's logit; every other logit is 0 unless <see cref="Logits"/> sets it.</summary>
    public float Margin { get; init; } = 10f;

    /// <summary>
    /// Exact logits after given tokens: token → (vocabulary id → logit), e.g. after <c>&lt;/think&gt;</c> set
    /// <c>" true"</c> to 3 and <c>" false"</c> to 1. The successor must remain the strict maximum.
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyDictionary<int, float>> Logits { get; init; } = new Dictionary<int, IReadOnlyDictionary<int, float>>();

    /// <summary>The logits llama.cpp should return after <paramref name="token"/> (before its float rounding).</summary>
    public float[] ExpectedLogits(int token, int vocabularySize)
    {
        var logits = new float[vocabularySize];
        logits[Successors.TryGetValue(token, out int next) ? next : DefaultSuccessor] = Margin;
        if (Logits.TryGetValue(token, out IReadOnlyDictionary<int, float>? exact))
        {
            foreach (var (id, value) in exact)
            {
                logits[id] = value;
            }
        }
        return logits;
    }
}
