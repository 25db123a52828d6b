using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Quantizing;

/// <summary>The managed engine against llama.cpp's llama_model_quantize on the same input.</summary>
[Collection(QuantizeModels.Name)]
public class EngineAgreementTests(QuantizeFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<GgufQuantizationType, bool> ManagedTypes() => new()
    {
        { GgufQuantizationType.Q8_0, false },
        { GgufQuantizationType.Q4_K_M, false }, // Q4_K, Q6_K, and the Q5_0/Q8_0 fallbacks
        { GgufQuantizationType.Q4_0, true }, // Q4_0 and Q6_K from widened F16
        { GgufQuantizationType.BF16, false },
    };

    [Theory]
    [MemberData(nameof(ManagedTypes))]
    public void Managed_file_is_byte_identical_to_llama_model_quantize(GgufQuantizationType type, bool f16Source)
    {
        string input = f16Source ? fixture.F16Path : fixture.F32Path;
        string folder = fixture.NewOutputFolder();
        string native = Path.Combine(folder, "native.gguf");
        string managed = Path.Combine(folder, "managed.gguf");

        GgufQuantizer.Quantize(input, native, new GgufQuantizeOptions { Type = type, Engine = GgufQuantizerEngine.Native }, Ct);
        GgufQuantizationResult result = GgufQuantizer.Quantize(input, managed, new GgufQuantizeOptions { Type = type, Engine = GgufQuantizerEngine.Managed }, Ct);

        AssertSameTensors(native, managed);
        Assert.Equal(File.ReadAllBytes(native), File.ReadAllBytes(managed));
        Assert.Equal(new FileInfo(managed).Length, result.OutputBytes);
    }

    [Fact]
    public void Q4_K_M_gives_more_bits_where_llama_cpp_does()
    {
        using GgufReader reader = GgufReader.Open(fixture.F32Path);
        var types = GgufQuantizer.Plan(reader, new GgufQuantizeOptions { Type = GgufQuantizationType.Q4_K_M })
            .ToDictionary(t => t.Name, t => t.TargetType);

        Assert.Equal(GgmlType.Q6_K, types["token_embd.weight"]); // tied: treated as the output
        Assert.Equal(GgmlType.F32, types["output_norm.weight"]);
        Assert.Equal(GgmlType.Q4_K, types["dense_2.weight"]);
        Assert.Equal(GgmlType.Q4_K, types["dense_3.weight"]);
        int[] moreBits = [0, 3, 6, 7];
        for (int layer = 0; layer < 8; layer++)
        {
            bool more = moreBits.Contains(layer);
            Assert.Equal(more ? GgmlType.Q6_K : GgmlType.Q4_K, types[$"blk.{layer}.attn_v.weight"]);
            // ffn_down rows are 384 values: Q6_K falls back to Q8_0 and Q4_K to Q5_0.
            Assert.Equal(more ? GgmlType.Q8_0 : GgmlType.Q5_0, types[$"blk.{layer}.ffn_down.weight"]);
            Assert.Equal(GgmlType.Q4_K, types[$"blk.{layer}.attn_q.weight"]);
        }
    }

    [Fact]
    public void Overrides_and_pure_reach_both_engines_alike()
    {
        var options = new GgufQuantizeOptions
        {
            Type = GgufQuantizationType.Q4_0,
            Pure = true,
            TensorTypeOverrides = [new TensorTypeOverride("token_embd", GgmlType.Q8_0), new TensorTypeOverride(@"blk\.[0-3]\.ffn_up", GgmlType.Q6_K)],
        };
        string folder = fixture.NewOutputFolder();
        string native = Path.Combine(folder, "native.gguf");
        string managed = Path.Combine(folder, "managed.gguf");

        GgufQuantizer.Quantize(fixture.F32Path, native, options, Ct);
        GgufQuantizationResult result = GgufQuantizer.Quantize(fixture.F32Path, managed, options with { Engine = GgufQuantizerEngine.Managed }, Ct);

        var types = result.Tensors.ToDictionary(t => t.Name, t => t.TargetType);
        Assert.Equal(GgmlType.Q8_0, types["token_embd.weight"]);
        Assert.Equal(GgmlType.Q6_K, types["blk.2.ffn_up.weight"]);
        Assert.Equal(GgmlType.Q4_0, types["blk.5.ffn_up.weight"]);
        Assert.Equal(File.ReadAllBytes(native), File.ReadAllBytes(managed));
    }

    [Theory]
    [InlineData(GgufQuantizationType.Q4_K_M, GgufQuantizerEngine.Managed)]
    [InlineData(GgufQuantizationType.Q5_K_M, GgufQuantizerEngine.Native)]
    public void Quantized_models_load_in_llama_cpp_and_keep_our_keys(GgufQuantizationType type, GgufQuantizerEngine engine)
    {
        string output = Path.Combine(fixture.NewOutputFolder(), "model.gguf");
        GgufQuantizationResult result = GgufQuantizer.Quantize(fixture.F16Path, output, new GgufQuantizeOptions { Type = type, Engine = engine }, Ct);

        using (SafeLlamaModelHandle model = LlamaModelLoader.Load(output))
        {
            Assert.False(model.IsInvalid);
        }
        using GgufReader source = GgufReader.Open(fixture.F16Path);
        using GgufReader written = GgufReader.Open(output);
        Assert.Equal(GgufQuantizationTypes.FileType(type), written.Metadata.GetUInt32("general.file_type"));
        Assert.Equal(2u, written.Metadata.GetUInt32("general.quantization_version"));
        // The plan is what the file holds (for the native engine: what llama.cpp chose).
        Assert.Equal(result.Tensors.Select(t => (t.Name, t.TargetType)), written.Tensors.Select(t => (t.Name, t.Type)));
        foreach ((string key, GgufValue value) in source.Metadata.Where(kv => kv.Key.StartsWith("llamaembed.", StringComparison.Ordinal)))
        {
            Assert.Equal(value, written.Metadata[key]);
        }
    }

    private static void AssertSameTensors(string expectedPath, string actualPath)
    {
        using GgufReader expected = GgufReader.Open(expectedPath);
        using GgufReader actual = GgufReader.Open(actualPath);
        Assert.Equal(expected.Tensors.Select(t => (t.Name, t.Type)), actual.Tensors.Select(t => (t.Name, t.Type)));
        foreach (GgufTensorInfo tensor in expected.Tensors)
        {
            var a = new byte[tensor.ByteCount];
            var b = new byte[tensor.ByteCount];
            expected.ReadTensorData(tensor, a);
            actual.TryGetTensor(tensor.Name, out GgufTensorInfo? other);
            actual.ReadTensorData(other!, b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"tensor '{tensor.Name}' ({tensor.Type}) differs");
        }
    }
}
