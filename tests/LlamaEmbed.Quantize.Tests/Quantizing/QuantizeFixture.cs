using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Quantizing;

/// <summary>
/// Small gemma-embedding models written once for the quantizer tests: E=256 so every k-quant fits, F=384 so ffn_down takes
/// llama.cpp's shape fallbacks, 8 layers so Q4_K_M's extra-bits layers (0, 3, 6, 7) are distinct, Dense 256→512→256.
/// </summary>
public sealed class QuantizeFixture : IDisposable
{
    public QuantizeFixture()
    {
        Directory.CreateDirectory(Folder);
        F32Path = Path.Combine(Folder, "model-f32.gguf");
        F16Path = Path.Combine(Folder, "model-f16.gguf");
        SyntheticModelBuilder.Write(Spec, F32Path);
        SyntheticModelBuilder.Write(Spec with { WeightType = GgmlType.F16 }, F16Path);
    }

    public static SyntheticModelSpec Spec { get; } = SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding) with
    {
        Name = "synthetic-quantize-256",
        EmbeddingLength = 256,
        HeadCount = 2,
        HeadCountKv = 1,
        HeadDim = 128,
        FeedForwardLength = 384,
        LayerCount = 8,
        DenseFeatures = 512,
        EmbeddingMetadata = SyntheticEmbeddingMetadata.EmbeddingGemma(256),
    };

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"llamaembed-quantize-{Guid.NewGuid():N}");

    public string F32Path { get; }

    public string F16Path { get; }

    /// <summary>A fresh empty folder for one test's outputs.</summary>
    public string NewOutputFolder()
    {
        string folder = Path.Combine(Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>Shares one <see cref="QuantizeFixture"/> between the quantizer test classes.</summary>
[CollectionDefinition(Name)]
public sealed class QuantizeModels : ICollectionFixture<QuantizeFixture>
{
    public const string Name = "Quantize models";
}
