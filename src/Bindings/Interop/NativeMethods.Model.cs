using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Model loading, freeing and metadata (llama.h). Load through <see cref="LlamaModelLoader"/>, which validates first.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>struct llama_model_params llama_model_default_params(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaModelParams llama_model_default_params();

    /// <summary>
    /// <c>struct llama_model * llama_model_load_from_file(const char * path_model, struct llama_model_params params);</c>
    /// NULL on failure (the reason is logged). The path goes down as NUL-terminated UTF-8.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llama_model_load_from_file(string pathModel, LlamaModelParams modelParams);

    /// <summary><c>void llama_model_free(struct llama_model * model);</c> Only <see cref="SafeLlamaModelHandle"/> calls it.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_model_free(nint model);

    /// <summary><c>int32_t llama_model_n_ctx_train(const struct llama_model * model);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_n_embd(const struct llama_model * model);</c> the hidden size.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_n_embd_out(const struct llama_model * model);</c> the length of pooled and per-token output vectors.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_embd_out(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_n_layer(const struct llama_model * model);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_n_head(const struct llama_model * model);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_head(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_n_head_kv(const struct llama_model * model);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_head_kv(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_n_swa(const struct llama_model * model);</c> sliding-window size, 0 without SWA.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_swa(SafeLlamaModelHandle model);

    /// <summary><c>uint32_t llama_model_n_cls_out(const struct llama_model * model);</c> classifier outputs (1 by default).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_model_n_cls_out(SafeLlamaModelHandle model);

    /// <summary>
    /// <c>int32_t llama_model_meta_val_str(const struct llama_model * model, const char * key, char * buf, size_t buf_size);</c>
    /// snprintf-like: returns the full length even when it truncates, -1 (and <c>buf[0]=0</c>) when the key is missing.
    /// Array keys are not available; floats come back with 6 decimals.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buf, nuint bufSize);

    /// <summary><c>int32_t llama_model_meta_count(const struct llama_model * model);</c> non-array keys only.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_meta_count(SafeLlamaModelHandle model);

    /// <summary><c>int32_t llama_model_meta_key_by_index(const struct llama_model * model, int32_t i, char * buf, size_t buf_size);</c> unordered.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_meta_key_by_index(SafeLlamaModelHandle model, int i, byte* buf, nuint bufSize);

    /// <summary><c>int32_t llama_model_meta_val_str_by_index(const struct llama_model * model, int32_t i, char * buf, size_t buf_size);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_meta_val_str_by_index(SafeLlamaModelHandle model, int i, byte* buf, nuint bufSize);

    /// <summary><c>int32_t llama_model_desc(const struct llama_model * model, char * buf, size_t buf_size);</c> e.g. "gemma-embedding ?B (guessed) all F32".</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buf, nuint bufSize);

    /// <summary><c>uint64_t llama_model_size(const struct llama_model * model);</c> total tensor bytes.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial ulong llama_model_size(SafeLlamaModelHandle model);

    /// <summary><c>uint64_t llama_model_n_params(const struct llama_model * model);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    /// <summary><c>enum llama_ftype llama_model_ftype(const struct llama_model * model);</c> with the <see cref="LlamaFtype.Guessed"/> bit when the file had no file type.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaFtype llama_model_ftype(SafeLlamaModelHandle model);

    /// <summary><c>const char * llama_ftype_name(enum llama_ftype ftype);</c> e.g. "Q8_0", "Q4_K - Medium"; static.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_ftype_name(LlamaFtype ftype);

    /// <summary>
    /// <c>const char * llama_model_chat_template(const struct llama_model * model, const char * name);</c>
    /// NULL name = <c>tokenizer.chat_template</c>, "rerank" = <c>tokenizer.chat_template.rerank</c>; NULL when absent.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, string? name);

    /// <summary><c>bool llama_model_has_encoder(const struct llama_model * model);</c> false for gemma3, gemma-embedding and qwen2.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_encoder(SafeLlamaModelHandle model);

    /// <summary><c>bool llama_model_has_decoder(const struct llama_model * model);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_decoder(SafeLlamaModelHandle model);

    /// <summary><c>enum llama_rope_type llama_model_rope_type(const struct llama_model * model);</c> (-1 NONE, 0 NORM, 2 NEOX, …).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_rope_type(SafeLlamaModelHandle model);

    /// <summary><c>const struct llama_vocab * llama_model_get_vocab(const struct llama_model * model);</c> Owned by the model: valid only while it lives.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);
}
