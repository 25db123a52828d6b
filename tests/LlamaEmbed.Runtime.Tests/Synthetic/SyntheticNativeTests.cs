using LlamaEmbed.Native;
using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Synthetic;

/// <summary>
/// The first end-to-end test of the native foundation: a tiny synthetic model of each architecture passes the GGUF
/// validator, loads in llama.cpp, runs one decode with finite outputs, and tokenizes exactly as the managed copy of
/// its tokenizer predicts.
/// </summary>
public sealed unsafe class SyntheticNativeTests : IDisposable
{
    private static readonly string[] s_texts =
    [
        "The quick brown fox jumps over the lazy dog", "hello world", "  leading and trailing spaces  ",
        "Hello, World! How are you?", "naïve café résumé über", "日本語のテキスト 中文", "emoji 🦙🚀 test",
        "numbers 12345 and 3.14159", "tabs\tand\nnewlines\n\nhere", "don't won't it's we'll I'd they've",
        "<|query_token|>search query", "<bos>text<eos>", "</think> true", "</think> false", "walking talked happily reranking",
        "x = y + z * (a - b) / c;", "<|endoftext|>hi<|im_start|>", "", " ",
        "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\n" +
        "Query: what is the capital of france\nPassage: paris is the capital of france\n<think>",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("llamaembed-synthetic-").FullName;

    public SyntheticNativeTests() => NativeRuntime.EnsureInitialized();

    public static TheoryData<SyntheticArchitecture> Architectures => new(Enum.GetValues<SyntheticArchitecture>());

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Tiny_model_loads_and_runs_one_decode(SyntheticArchitecture architecture)
    {
        SyntheticModel model = Write(SyntheticModels.Tiny(architecture));
        using SafeLlamaModelHandle handle = LlamaModelLoader.Load(model.Path!);
        var vocabulary = new LlamaVocabulary(handle);
        Assert.Equal(model.Vocabulary.Count, vocabulary.Count);
        Assert.Equal((model.Vocabulary.BosId, model.Vocabulary.EosId), (vocabulary.Bos, vocabulary.Eos));

        int[] tokens = vocabulary.Tokenize("The quick brown fox jumps over the lazy dog", addSpecial: true, parseSpecial: false);
        Assert.Equal(model.Vocabulary.Tokenize("The quick brown fox jumps over the lazy dog", addSpecial: true, parseSpecial: false), tokens);
        if (architecture == SyntheticArchitecture.GemmaEmbedding)
        {
            Assert.Equal(2, tokens[0]);
            Assert.Equal(1, tokens[^1]);
        }

        bool embeddings = architecture.IsGemma();
        LlamaContextParams parameters = NativeMethods.llama_context_default_params();
        parameters.NCtx = 512;
        parameters.NBatch = 512;
        parameters.NUbatch = 512;
        parameters.NSeqMax = 1;
        parameters.NThreads = 2;
        parameters.NThreadsBatch = 2;
        parameters.Embeddings = embeddings;
        parameters.PoolingType = embeddings ? LlamaPoolingType.Mean : LlamaPoolingType.Unspecified;
        using SafeLlamaContextHandle context = SafeLlamaContextHandle.Create(handle, parameters);
        using SafeLlamaBatchHandle batch = SafeLlamaBatchHandle.Create(tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, [0], output: embeddings || i == tokens.Length - 1);
        }
        NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);

        ReadOnlySpan<float> output = embeddings
            ? new ReadOnlySpan<float>(NativeMethods.llama_get_embeddings_seq(context, 0), NativeMethods.llama_model_n_embd_out(handle))
            : new ReadOnlySpan<float>(NativeMethods.llama_get_logits_ith(context, -1), model.Vocabulary.Count);
        Assert.Equal(embeddings ? model.Spec.EmbeddingLength : model.Vocabulary.Count, output.Length);
        foreach (float value in output)
        {
            Assert.True(float.IsFinite(value));
        }
        Assert.Contains(output.ToArray(), v => v != 0f);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Native_tokenizer_matches_the_managed_prediction(SyntheticArchitecture architecture)
    {
        SyntheticModel model = Write(SyntheticModels.Tiny(architecture));
        using SafeLlamaModelHandle handle = LlamaModelLoader.LoadVocabularyOnly(model.Path!);
        var native = new LlamaVocabulary(handle);
        foreach (string text in s_texts)
        {
            foreach ((bool addSpecial, bool parseSpecial) in new[] { (true, false), (false, true), (false, false) })
            {
                Assert.Equal(model.Vocabulary.Tokenize(text, addSpecial, parseSpecial), native.Tokenize(text, addSpecial, parseSpecial));
            }
        }
    }

    [Theory]
    [InlineData(SyntheticArchitecture.Qwen2)]
    [InlineData(SyntheticArchitecture.Llama)]
    public void Bpe_true_and_false_are_single_tokens(SyntheticArchitecture architecture)
    {
        SyntheticModel model = Write(SyntheticModels.Tiny(architecture));
        using SafeLlamaModelHandle handle = LlamaModelLoader.LoadVocabularyOnly(model.Path!);
        var native = new LlamaVocabulary(handle);
        Assert.Equal([model.Vocabulary.IdOf(" true")], native.Tokenize(" true", addSpecial: false, parseSpecial: false));
        Assert.Equal([model.Vocabulary.IdOf(" false")], native.Tokenize(" false", addSpecial: false, parseSpecial: false));
        Assert.Equal([model.Vocabulary.IdOf("</think>")], native.Tokenize("</think>", addSpecial: false, parseSpecial: true));
    }

    [Fact]
    public void Scripted_qwen2_decodes_its_script_greedily()
    {
        SyntheticVocabulary v = SyntheticVocabularies.Qwen2();
        int think = v.IdOf("<think>"), endThink = v.IdOf("</think>"), yes = v.IdOf(" true"), no = v.IdOf(" false");
        var script = new GreedyScript
        {
            Successors = new Dictionary<int, int> { [think] = v.IdOf(" the"), [v.IdOf(" the")] = v.IdOf(" query"), [v.IdOf(" query")] = endThink, [endThink] = yes },
            DefaultSuccessor = v.EosId,
            Logits = new Dictionary<int, IReadOnlyDictionary<int, float>> { [endThink] = new Dictionary<int, float> { [yes] = 3f, [no] = 1f } },
        };
        SyntheticModel model = Write(SyntheticModels.ScriptedQwen2(script));
        using SafeLlamaModelHandle handle = LlamaModelLoader.Load(model.Path!);
        int[] prompt = new LlamaVocabulary(handle).Tokenize("Determine if the following passage<think>", addSpecial: false, parseSpecial: true);
        Assert.Equal(think, prompt[^1]);

        LlamaContextParams parameters = NativeMethods.llama_context_default_params();
        parameters.NCtx = 256;
        parameters.NBatch = 256;
        parameters.NUbatch = 256;
        parameters.NThreads = 2;
        parameters.NThreadsBatch = 2;
        using SafeLlamaContextHandle context = SafeLlamaContextHandle.Create(handle, parameters);
        using SafeLlamaBatchHandle batch = SafeLlamaBatchHandle.Create(prompt.Length);
        for (int i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, [0], output: i == prompt.Length - 1);
        }
        NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);

        var generated = new List<int>();
        float[] afterEndThink = [];
        for (int step = 0; step < 5; step++)
        {
            float[] logits = new ReadOnlySpan<float>(NativeMethods.llama_get_logits_ith(context, -1), v.Count).ToArray();
            int next = Array.IndexOf(logits, logits.Max());
            if (generated.Count > 0 && generated[^1] == endThink)
            {
                afterEndThink = logits;
            }
            generated.Add(next);
            batch.Clear();
            batch.Add(next, prompt.Length + step, [0], output: true);
            NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);
        }
        Assert.Equal([v.IdOf(" the"), v.IdOf(" query"), endThink, yes, v.EosId], generated);
        Assert.Equal(3f, afterEndThink[yes], 1e-4f);
        Assert.Equal(1f, afterEndThink[no], 1e-4f);
        Assert.Equal(0f, afterEndThink[v.EosId], 1e-4f);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SyntheticModel Write(SyntheticModelSpec spec) =>
        SyntheticModelBuilder.Write(spec, Path.Combine(_directory, $"{spec.Name}-{spec.Seed}.gguf"));
}
