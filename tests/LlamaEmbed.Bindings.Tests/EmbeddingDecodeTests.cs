using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>The embedding path on a tiny gemma-embedding model: decode routes to encode, pooled vectors per sequence.</summary>
public class EmbeddingDecodeTests
{
    [Fact]
    public unsafe void Pooled_vectors_come_back_per_sequence()
    {
        using var folder = new TempFolder();
        string path = folder.File("tiny-gemma-embedding.gguf");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), path);
        using SafeLlamaModelHandle model = LlamaModelLoader.Load(path);

        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.Embeddings = true;
        p.NCtx = 0;
        p.NBatch = p.NUbatch = 64;
        p.NSeqMax = 2;
        p.NThreads = p.NThreadsBatch = 2;
        using SafeLlamaContextHandle context = SafeLlamaContextHandle.Create(model, p);
        Assert.Equal(LlamaPoolingType.Mean, NativeMethods.llama_pooling_type(context));
        Assert.Equal(0, NativeMethods.llama_get_memory(context));

        var vocab = new LlamaVocabulary(model);
        int[] first = vocab.Tokenize("the quick brown fox", addSpecial: true, parseSpecial: false);
        int[] second = vocab.Tokenize("jumps over", addSpecial: true, parseSpecial: false);
        Assert.Equal(vocab.Bos, first[0]);
        Assert.Equal(vocab.Eos, first[^1]);

        using var batch = SafeLlamaBatchHandle.Create(64);
        for (int i = 0; i < first.Length; i++)
        {
            batch.Add(first[i], i, [0], output: true);
        }
        for (int i = 0; i < second.Length; i++)
        {
            batch.Add(second[i], i, [1], output: true);
        }
        NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);

        int nOut = NativeMethods.llama_model_n_embd_out(model);
        float[] a = new ReadOnlySpan<float>(NativeMethods.llama_get_embeddings_seq(context, 0), nOut).ToArray();
        float[] b = new ReadOnlySpan<float>(NativeMethods.llama_get_embeddings_seq(context, 1), nOut).ToArray();
        Assert.All(a, x => Assert.True(float.IsFinite(x)));
        Assert.NotEqual(a, b);
        Assert.True(NativeMethods.llama_get_embeddings_seq(context, 5) is null);
    }

    [Fact]
    public void Batch_refuses_to_overflow_its_native_arrays()
    {
        using var batch = SafeLlamaBatchHandle.Create(2, seqCapacity: 1);
        batch.Add(1, 0, [0], output: false);
        Assert.Throws<ArgumentException>(() => batch.Add(2, 1, [0, 1], output: false));
        Assert.Throws<ArgumentException>(() => batch.Add(2, 1, [], output: false));
        batch.Add(2, 1, [0], output: true);
        Assert.Throws<InvalidOperationException>(() => batch.Add(3, 2, [0], output: true));
        Assert.Equal(2, batch.Count);
        batch.Clear();
        Assert.Equal(0, batch.Count);
    }
}
