using LlamaEmbed.Gguf;

namespace LlamaEmbed.Reranking;

/// <summary>
/// Reads a GGUF's header in managed code before llama.cpp loads it, to refuse files that are not rank1 models with a
/// clear message: another architecture, or a qwen2/llama file that is an embedding model (our converter's profile key
/// or a pooling type says so).
/// </summary>
internal static class Rank1ModelCheck
{
    /// <summary>The architectures rank1 checkpoints come in: Qwen2.5 (0.5b … 32b) and Llama (llama3-8b, mistral-24b).</summary>
    public static readonly string[] Architectures = ["qwen2", "llama"];

    /// <summary>Returns the architecture of the open file <paramref name="path"/>, or throws when it cannot be a rank1 model.</summary>
    /// <exception cref="Rank1ModelException">The GGUF is not a generative qwen2/llama model.</exception>
    public static string ReadArchitecture(GgufReader reader, string path)
    {
        GgufMetadata metadata = reader.Metadata;
        string architecture = metadata.TryGetString("general.architecture") ?? "(none)";
        string? profile = metadata.TryGetString(LlamaEmbedKeys.Profile);
        bool pooled = metadata.ContainsKey($"{architecture}.pooling_type");
        if (!Architectures.Contains(architecture, StringComparer.Ordinal))
        {
            throw new Rank1ModelException(
                $"'{Path.GetFileName(path)}' has architecture '{architecture}', which is not a rank1 reranker (rank1 runs on qwen2 or llama). " +
                "If it is an embedding model, load it with EmbeddingModel instead.",
                architecture);
        }
        if ((profile is not null && profile != LlamaEmbedKeys.Profiles.Rank1) || pooled)
        {
            throw new Rank1ModelException(
                $"'{Path.GetFileName(path)}' is a {architecture} embedding model ({(profile is not null ? $"profile '{profile}'" : "it sets a pooling type")}), " +
                "not a rank1 reranker; load it with EmbeddingModel instead.",
                architecture);
        }
        return architecture;
    }
}
