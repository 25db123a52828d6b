namespace LlamaEmbed.Gguf;

/// <summary>Fixed facts of the GGUF format as llama.cpp reads it (ggml/src/gguf.cpp).</summary>
public static class GgufConstants
{
    /// <summary>The four magic bytes "GGUF" read as a little-endian 32-bit integer.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>The only version written and the newest read.</summary>
    public const uint Version = 3;

    /// <summary>Data alignment when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    /// <summary>The key that overrides the alignment (UINT32, a power of two).</summary>
    public const string AlignmentKey = "general.alignment";

    /// <summary>Tensor names must be shorter than this many UTF-8 bytes (<c>GGML_MAX_NAME</c>).</summary>
    public const int MaxTensorNameBytes = 64;

    /// <summary>At most this many dimensions per tensor (<c>GGML_MAX_DIMS</c>).</summary>
    public const int MaxDimensions = 4;
}
