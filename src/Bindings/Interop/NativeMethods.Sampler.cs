using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Sampler chains (llama.h). Greedy equals argmax of <c>llama_get_logits_ith(ctx, -1)</c>.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>struct llama_sampler_chain_params llama_sampler_chain_default_params(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    /// <summary><c>struct llama_sampler * llama_sampler_chain_init(struct llama_sampler_chain_params params);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_chain_init(LlamaSamplerChainParams chainParams);

    /// <summary><c>void llama_sampler_chain_add(struct llama_sampler * chain, struct llama_sampler * smpl);</c> The chain takes ownership of <paramref name="smpl"/>.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint smpl);

    /// <summary><c>struct llama_sampler * llama_sampler_init_greedy(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_greedy();

    /// <summary><c>llama_token llama_sampler_sample(struct llama_sampler * smpl, struct llama_context * ctx, int32_t idx);</c> idx -1 = last output; accepts the token.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerHandle smpl, SafeLlamaContextHandle ctx, int idx);

    /// <summary><c>void llama_sampler_reset(struct llama_sampler * smpl);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_reset(SafeLlamaSamplerHandle smpl);

    /// <summary><c>void llama_sampler_free(struct llama_sampler * smpl);</c> Only for chains (and samplers never added to one); <see cref="SafeLlamaSamplerHandle"/> calls it.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_free(nint smpl);
}
