using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary><c>llama_token_data</c>: 12 bytes, one candidate for custom samplers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    /// <summary><c>llama_token id</c>.</summary>
    public int Id;

    /// <summary><c>float logit</c>: log-odds of the token.</summary>
    public float Logit;

    /// <summary><c>float p</c>: probability of the token.</summary>
    public float P;
}
