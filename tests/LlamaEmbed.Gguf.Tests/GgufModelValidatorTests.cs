using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>One test per validation rule, each on a tiny model built with <see cref="GgufWriter"/>.</summary>
public sealed class GgufModelValidatorTests
{
    public static TheoryData<string> Architectures() => [.. GgufModelValidator.SupportedArchitectures];

    private static GgufValidationProblem AssertSingleError(TinyModel model, string subject, string fragment)
    {
        IReadOnlyList<GgufValidationProblem> problems = model.Check();
        GgufValidationProblem error = Assert.Single(problems, p => p.Severity == GgufValidationSeverity.Error);
        Assert.Equal(subject, error.Subject);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void TinyModel_IsClean(string arch) => Assert.Empty(TinyModel.Create(arch).Check());

    [Theory]
    [MemberData(nameof(Architectures))]
    public void MissingRequiredKey(string arch)
    {
        TinyModel model = TinyModel.Create(arch);
        model.Metadata.Remove(model.Key("attention.layer_norm_rms_epsilon"));
        AssertSingleError(model, model.Key("attention.layer_norm_rms_epsilon"), "required key is missing");
    }

    [Fact]
    public void WrongKeyType()
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Metadata.Set(model.Key("context_length"), GgufValue.Int32(64));
        AssertSingleError(model, model.Key("context_length"), "has type INT32 but llama.cpp reads it as UINT32");
    }

    [Fact]
    public void MissingArchitectureAndUnknownArchitecture()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Set("general.architecture", GgufValue.String("bert"));
        AssertSingleError(model, "general.architecture", "'bert' is not an architecture");
        model.Metadata.Remove("general.architecture");
        AssertSingleError(model, "general.architecture", "required key is missing");
    }

    [Fact]
    public void DuplicateTokenStrings_AreRefusedBeforeAnyNativeLoad()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Set("tokenizer.ggml.tokens", GgufValue.Array(["<pad>", "<eos>", "<bos>", "<unk>", "a", "a"]));
        string path = WriteTemp(model);
        try
        {
            InvalidDataException ex = Assert.Throws<InvalidDataException>(() => GgufModelValidator.ThrowIfInvalid(path));
            Assert.Contains("'a' twice (token ids 4 and 5)", ex.Message, StringComparison.Ordinal);
            Assert.True(GgufFormatError.TryGetOffset(ex, out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TokenCountDiffersFromEmbeddingRows()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Set("tokenizer.ggml.tokens", GgufValue.Array([.. TinyModel.Tokens, "c"]));
        model.Metadata.Set("tokenizer.ggml.scores", GgufValue.Array(new float[7]));
        model.Metadata.Set("tokenizer.ggml.token_type", GgufValue.Array(new int[7]));
        AssertSingleError(model, "token_embd.weight", "its 6 rows must equal the 7 tokens");
    }

    [Fact]
    public void SlidingWindowPatternAllGlobal()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Set(model.Key("attention.sliding_window_pattern"), GgufValue.Array([false, false]));
        AssertSingleError(model, model.Key("attention.sliding_window_pattern"), "only global layers");
    }

    [Fact]
    public void SlidingWindowDefaultPatternOnTwoLayers_IsAllSwa()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Remove(model.Key("attention.sliding_window_pattern"));
        AssertSingleError(model, model.Key("attention.sliding_window_pattern"), "only sliding-window layers");
        model.Metadata.Add(model.Key("attention.sliding_window_pattern"), GgufValue.UInt32(2));
        Assert.Empty(model.Check());
    }

    [Fact]
    public void GemmaEmbeddingWithoutSlidingWindow()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Remove(model.Key("attention.sliding_window"));
        AssertSingleError(model, model.Key("attention.sliding_window"), "required key is missing");
    }

    [Fact]
    public void DenseTensorInGemma3()
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Tensors.Add(("dense_2.weight", GgmlType.F32, [TinyModel.Embd, 16]));
        AssertSingleError(model, "dense_2.weight", "gemma3 never reads the dense keys");
    }

    [Fact]
    public void DenseLayersInGemmaEmbedding_NeedMatchingKeys()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Tensors.Add(("dense_2.weight", GgmlType.F32, [TinyModel.Embd, 32]));
        model.Tensors.Add(("dense_3.weight", GgmlType.F32, [32, TinyModel.Embd]));
        Assert.Equal(2, model.Check().Count(p => p.Severity == GgufValidationSeverity.Error));
        model.Metadata.Add(model.Key("dense_2_feat_in"), GgufValue.UInt32(TinyModel.Embd));
        model.Metadata.Add(model.Key("dense_2_feat_out"), GgufValue.UInt32(32));
        model.Metadata.Add(model.Key("dense_3_feat_in"), GgufValue.UInt32(32));
        model.Metadata.Add(model.Key("dense_3_feat_out"), GgufValue.UInt32(TinyModel.Embd));
        Assert.Empty(model.Check());
        model.Metadata.Set(model.Key("dense_3_feat_out"), GgufValue.UInt32(32));
        AssertSingleError(model, model.Key("dense_3_feat_out"), "aborts the process");
    }

    [Fact]
    public void UnknownTensor()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Tensors.Add(("rope_freqs.weight", GgmlType.F32, [2]));
        AssertSingleError(model, "rope_freqs.weight", "refuses files with extra tensors");
    }

    [Fact]
    public void TensorOfALayerBeyondBlockCount()
    {
        TinyModel model = TinyModel.Create("llama");
        model.Tensors.Add(("blk.2.attn_norm.weight", GgmlType.F32, [TinyModel.Embd]));
        AssertSingleError(model, "blk.2.attn_norm.weight", "does not use this tensor");
    }

    [Fact]
    public void MissingTensor()
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Tensors.RemoveAll(t => t.Name == "blk.1.attn_q_norm.weight");
        AssertSingleError(model, "blk.1.attn_q_norm.weight", "required tensor is missing");
    }

    [Fact]
    public void WrongTensorShape()
    {
        TinyModel model = TinyModel.Create("llama");
        model.ReplaceTensor("blk.0.ffn_up.weight", [TinyModel.Embd, 8]);
        AssertSingleError(model, "blk.0.ffn_up.weight", "has shape [8, 8] but the hyperparameters need [8, 16]");
    }

    [Fact]
    public void FusedQkvIsAcceptedInsteadOfSeparateProjections()
    {
        TinyModel model = TinyModel.Create("llama");
        model.Tensors.RemoveAll(t => t.Name.StartsWith("blk.0.attn_", StringComparison.Ordinal) && t.Name != "blk.0.attn_norm.weight" && t.Name != "blk.0.attn_output.weight");
        model.Tensors.Add(("blk.0.attn_qkv.weight", GgmlType.F32, [TinyModel.Embd, 16]));
        Assert.Empty(model.Check());
    }

    [Theory]
    [InlineData("dynamic")]
    [InlineData("")]
    public void BadRopeScalingType(string type)
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Add(model.Key("rope.scaling.type"), GgufValue.String(type));
        AssertSingleError(model, model.Key("rope.scaling.type"), "aborts the process");
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(513u)]
    public void BlockCountOutOfRange(uint layers)
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Metadata.Set(model.Key("block_count"), GgufValue.UInt32(layers));
        AssertSingleError(model, model.Key("block_count"), "asserts 1..512");
    }

    [Fact]
    public void PerLayerArrayOfWrongLength()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Set(model.Key("feed_forward_length"), GgufValue.Array(new uint[] { 16, 16, 16 }));
        AssertSingleError(model, model.Key("feed_forward_length"), "3 elements but block_count is 2");
        model.Metadata.Set(model.Key("feed_forward_length"), GgufValue.Array(new[] { 16, 16 }));
        Assert.Empty(model.Check());
    }

    [Fact]
    public void LlamaRopeDimensionsMustEqualHeadSize()
    {
        TinyModel model = TinyModel.Create("llama");
        model.Metadata.Add(model.Key("rope.dimension_count"), GgufValue.UInt32(2));
        Assert.Contains(model.Check(), p => p.Subject == model.Key("rope.dimension_count") && p.Message.Contains("invalid n_rot", StringComparison.Ordinal));
    }

    [Fact]
    public void Qwen2HeadsTimesHeadSizeMustEqualEmbedding()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Set(model.Key("attention.key_length"), GgufValue.UInt32(2));
        model.Metadata.Set(model.Key("attention.value_length"), GgufValue.UInt32(2));
        Assert.Contains(model.Check(), p => p.Subject == model.Key("attention.head_count") && p.Severity == GgufValidationSeverity.Error);
    }

    [Fact]
    public void Gpt2TokenizerWithoutMerges()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Remove("tokenizer.ggml.merges");
        AssertSingleError(model, "tokenizer.ggml.merges", "needs merges");
    }

    [Fact]
    public void UnknownPreTokenizerAndTokenizerModel()
    {
        TinyModel model = TinyModel.Create("qwen2");
        model.Metadata.Set("tokenizer.ggml.pre", GgufValue.String("qwen9"));
        AssertSingleError(model, "tokenizer.ggml.pre", "'qwen9' is not a pre-tokenizer");
        model.Metadata.Set("tokenizer.ggml.model", GgufValue.String("sentencepiece"));
        AssertSingleError(model, "tokenizer.ggml.model", "'sentencepiece' is not a tokenizer");
    }

    [Fact]
    public void TokenTypeMustBeInt32()
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Metadata.Set("tokenizer.ggml.token_type", GgufValue.Array(new uint[6]));
        AssertSingleError(model, "tokenizer.ggml.token_type", "ARRAY[UINT32]");
    }

    [Fact]
    public void ScoresShorterThanTokens()
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Metadata.Set("tokenizer.ggml.scores", GgufValue.Array(new float[3]));
        AssertSingleError(model, "tokenizer.ggml.scores", "3 entries for 6 tokens");
    }

    [Fact]
    public void GemmaSpacePrefixAndSpecialIdsOutOfRange_AreWarnings()
    {
        TinyModel model = TinyModel.Create("gemma-embedding");
        model.Metadata.Set("tokenizer.ggml.add_space_prefix", GgufValue.Bool(true));
        model.Metadata.Set("tokenizer.ggml.bos_token_id", GgufValue.UInt32(99));
        IReadOnlyList<GgufValidationProblem> problems = model.Check();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(GgufValidationSeverity.Warning, p.Severity));
        string path = WriteTemp(model);
        try
        {
            GgufModelValidator.ThrowIfInvalid(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ThrowIfInvalid_ListsEveryErrorAndSeparatesMissingFilesAndDirectories()
    {
        TinyModel model = TinyModel.Create("gemma3");
        model.Metadata.Set(model.Key("block_count"), GgufValue.UInt32(0));
        model.Metadata.Add(model.Key("rope.scaling.type"), GgufValue.String("ntk"));
        string path = WriteTemp(model);
        try
        {
            InvalidDataException ex = Assert.Throws<InvalidDataException>(() => GgufModelValidator.ThrowIfInvalid(path));
            Assert.Contains("block_count", ex.Message, StringComparison.Ordinal);
            Assert.Contains("rope.scaling.type", ex.Message, StringComparison.Ordinal);
            var problems = Assert.IsType<GgufValidationProblem[]>(ex.Data[GgufModelValidator.ValidationProblemsKey]);
            Assert.Equal(2, problems.Length);
            Assert.Throws<FileNotFoundException>(() => GgufModelValidator.ThrowIfInvalid(path + ".missing"));
            Assert.Throws<UnauthorizedAccessException>(() => GgufModelValidator.ThrowIfInvalid(Path.GetDirectoryName(path)!));
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static string WriteTemp(TinyModel model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"gguf-validate-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, model.ToBytes());
        return path;
    }
}
