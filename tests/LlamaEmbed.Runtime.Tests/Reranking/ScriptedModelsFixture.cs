using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests.Reranking;

/// <summary>The scripted rank1 models the reranking tests share, written once into a temporary folder.</summary>
public sealed class ScriptedModelsFixture : IDisposable
{
    /// <summary>The reasoning every closing script produces before <c>&lt;/think&gt;</c>.</summary>
    internal const string ClosingReasoning = " Yes, it is relevant.\n";

    private static readonly Dictionary<string, string> s_cycle = new(StringComparer.Ordinal)
    {
        ["<think>"] = " Yes",
        [" Yes"] = ",",
        [","] = " it",
        [" it"] = " is",
        [" is"] = " relevant",
        [" relevant"] = ".",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("rank1-scripted-").FullName;

    public ScriptedModelsFixture()
    {
        ClosingTrue = Write("closing-true", Closing(), Judge("</think>", 10.3f, 10.0f));
        ClosingFalse = Write("closing-false", Closing(), Judge("</think>", 10.0f, 10.3f));
        NeverCloses = Write("never-closes", With(s_cycle, ".", " Yes"), Judge("</think>", 10.0f, 9.8f));
        EndOfText = Write("end-of-text", With(s_cycle, ".", "<|endoftext|>"), Judge("</think>", 9.8f, 10.0f));
        EndOfTextJudged = Write("end-of-text-judged", With(s_cycle, ".", "<|endoftext|>"), Judge(".", 8.0f, 7.8f));
        Content = Write("content", Closing(), Judge("</think>", 10f, 10f), contentGain: 0.5f);
        WithoutThinkTokens = ScriptedRank1Model.Write(Path.Combine(_folder, "no-think.gguf"), new Dictionary<string, string> { [" Yes"] = "," }, includeThinkTokens: false);
        EmbeddingModelPath = Path.Combine(_folder, "embedding.gguf");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), EmbeddingModelPath);
    }

    /// <summary>Reasons <see cref="ClosingReasoning"/> then <c>&lt;/think&gt; true</c>; score sigmoid(0.3·√32).</summary>
    internal ScriptedRank1Model ClosingTrue { get; }

    /// <summary>As <see cref="ClosingTrue"/> but ends <c>&lt;/think&gt; false</c>.</summary>
    internal ScriptedRank1Model ClosingFalse { get; }

    /// <summary>Repeats " Yes, it is relevant." forever; <c>&lt;/think&gt;</c> (only reached by the fallback) favours true.</summary>
    internal ScriptedRank1Model NeverCloses { get; }

    /// <summary>" Yes, it is relevant." then end-of-text, with " true"/" false" far out of the top 20 there.</summary>
    internal ScriptedRank1Model EndOfText { get; }

    /// <summary>As <see cref="EndOfText"/> but " true" and " false" are 2nd and 3rd at the end-of-text step.</summary>
    internal ScriptedRank1Model EndOfTextJudged { get; }

    /// <summary>Closes like <see cref="ClosingTrue"/>, but the judgement follows the sign of the mean content of the whole sequence.</summary>
    internal ScriptedRank1Model Content { get; }

    /// <summary>A qwen2 model whose vocabulary has no <c>&lt;think&gt;</c>/<c>&lt;/think&gt;</c>.</summary>
    internal ScriptedRank1Model WithoutThinkTokens { get; }

    /// <summary>A tiny EmbeddingGemma-shaped GGUF (gemma-embedding).</summary>
    internal string EmbeddingModelPath { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, string> Closing() =>
        With(With(s_cycle, ".", "\n"), "\n", "</think>");

    private static Dictionary<string, string> With(Dictionary<string, string> map, string state, string next) =>
        new(map, StringComparer.Ordinal) { [state] = next };

    private static Dictionary<string, (float, float)> Judge(string state, float t, float f) =>
        new(StringComparer.Ordinal) { [state] = (t, f) };

    private ScriptedRank1Model Write(string name, Dictionary<string, string> successors, Dictionary<string, (float, float)> judgements, float contentGain = 0f) =>
        ScriptedRank1Model.Write(Path.Combine(_folder, name + ".gguf"), successors, judgements, contentGain);
}
