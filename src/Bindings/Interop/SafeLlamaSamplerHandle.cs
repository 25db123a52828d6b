using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Owns a sampler chain (<c>struct llama_sampler *</c> from <c>llama_sampler_chain_init</c>) and the samplers added to it.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; required by the interop source generator.</summary>
    public SafeLlamaSamplerHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>A chain holding one greedy sampler (argmax of the last output's logits).</summary>
    public static SafeLlamaSamplerHandle CreateGreedyChain()
    {
        var chain = new SafeLlamaSamplerHandle();
        chain.SetHandle(NativeMethods.llama_sampler_chain_init(NativeMethods.llama_sampler_chain_default_params()));
        if (chain.IsInvalid)
        {
            throw new LlamaContextException("llama.cpp could not create a sampler chain.", NativeLog.RecentLines());
        }
        NativeMethods.llama_sampler_chain_add(chain, NativeMethods.llama_sampler_init_greedy());
        return chain;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMethods.llama_sampler_free(handle);
        return true;
    }
}
