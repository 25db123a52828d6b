using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary><c>struct llama_sampler_chain_params</c>: 1 byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    private byte _noPerf;

    /// <summary><c>bool no_perf</c>: skip timings (default true).</summary>
    public bool NoPerf { readonly get => _noPerf != 0; set => _noPerf = value ? (byte)1 : (byte)0; }
}
