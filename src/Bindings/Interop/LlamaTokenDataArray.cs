using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary><c>llama_token_data_array</c>: 32 bytes, the candidate list a sampler's <c>apply</c> works on.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    /// <summary><c>llama_token_data * data</c>: samplers may replace this pointer.</summary>
    public LlamaTokenData* Data;

    /// <summary><c>size_t size</c>.</summary>
    public nuint Size;

    /// <summary><c>int64_t selected</c>: index into <see cref="Data"/> (not a token id).</summary>
    public long Selected;

    private byte _sorted;

    /// <summary><c>bool sorted</c>: whether <see cref="Data"/> is sorted by logit, descending.</summary>
    public bool Sorted { readonly get => _sorted != 0; set => _sorted = value ? (byte)1 : (byte)0; }
}
