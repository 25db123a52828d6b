namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// What one benchmark invocation embeds: 32 short texts, or 2 long ones; about 550 tokens either way, so an
/// invocation takes about a second on two cores, and the whole embedding suite fits in a quarter of an hour.
/// </summary>
internal static class EmbeddingWorkload
{
    /// <summary>Texts per invocation for texts of <paramref name="contentTokens"/> tokens.</summary>
    public static int TextsPerInvocation(int contentTokens) => contentTokens <= 64 ? 32 : 2;

    /// <summary>The cached texts for one invocation.</summary>
    public static BenchTexts Texts(int contentTokens) => BenchTexts.Get(TextsPerInvocation(contentTokens), contentTokens);

    /// <summary>Tokens fed per text: content plus BOS and EOS.</summary>
    public static int TokensPerText(int contentTokens) => contentTokens + 2;
}
