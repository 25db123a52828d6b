using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Vocabulary and tokenization (llama.h; thread-safe). <c>vocab</c> comes from <see cref="llama_model_get_vocab"/> and
/// is valid only while its model lives; <see cref="LlamaVocabulary"/> keeps the model alive for you.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>int32_t llama_vocab_n_tokens(const struct llama_vocab * vocab);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_n_tokens(nint vocab);

    /// <summary><c>enum llama_vocab_type llama_vocab_type(const struct llama_vocab * vocab);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaVocabType llama_vocab_type(nint vocab);

    /// <summary>
    /// <c>int32_t llama_tokenize(const struct llama_vocab * vocab, const char * text, int32_t text_len, llama_token * tokens, int32_t n_tokens_max, bool add_special, bool parse_special);</c>
    /// UTF-8 text of <c>text_len</c> bytes (no NUL needed). Returns the count, or minus the required count when
    /// <c>tokens</c> is too small, or <see cref="int.MinValue"/> on overflow.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_tokenize(
        nint vocab, byte* text, int textLen, int* tokens, int nTokensMax,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    /// <summary>
    /// <c>int32_t llama_token_to_piece(const struct llama_vocab * vocab, llama_token token, char * buf, int32_t length, int32_t lstrip, bool special);</c>
    /// Writes bytes without NUL; returns the length or minus the needed length. Pieces may be partial UTF-8.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_token_to_piece(nint vocab, int token, byte* buf, int length, int lstrip, [MarshalAs(UnmanagedType.U1)] bool special);

    /// <summary>
    /// <c>int32_t llama_detokenize(const struct llama_vocab * vocab, const llama_token * tokens, int32_t n_tokens, char * text, int32_t text_len_max, bool remove_special, bool unparse_special);</c>
    /// Returns the byte count or minus the needed count.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_detokenize(
        nint vocab, int* tokens, int nTokens, byte* text, int textLenMax,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    /// <summary><c>const char * llama_vocab_get_text(const struct llama_vocab * vocab, llama_token token);</c> the raw piece (e.g. with "▁").</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_vocab_get_text(nint vocab, int token);

    /// <summary><c>enum llama_token_attr llama_vocab_get_attr(const struct llama_vocab * vocab, llama_token token);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaTokenAttr llama_vocab_get_attr(nint vocab, int token);

    /// <summary><c>bool llama_vocab_is_eog(const struct llama_vocab * vocab, llama_token token);</c> end of generation (EOS, EOT, …).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(nint vocab, int token);

    /// <summary><c>bool llama_vocab_is_control(const struct llama_vocab * vocab, llama_token token);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(nint vocab, int token);

    /// <summary><c>llama_token llama_vocab_bos(const struct llama_vocab * vocab);</c> -1 when absent.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_bos(nint vocab);

    /// <summary><c>llama_token llama_vocab_eos(const struct llama_vocab * vocab);</c> -1 when absent.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_eos(nint vocab);

    /// <summary><c>llama_token llama_vocab_eot(const struct llama_vocab * vocab);</c> -1 when absent.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_eot(nint vocab);

    /// <summary><c>llama_token llama_vocab_sep(const struct llama_vocab * vocab);</c> -1 when absent.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_sep(nint vocab);

    /// <summary><c>llama_token llama_vocab_pad(const struct llama_vocab * vocab);</c> -1 when absent.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_pad(nint vocab);

    /// <summary><c>bool llama_vocab_get_add_bos(const struct llama_vocab * vocab);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(nint vocab);

    /// <summary><c>bool llama_vocab_get_add_eos(const struct llama_vocab * vocab);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_eos(nint vocab);

    /// <summary><c>bool llama_vocab_get_add_sep(const struct llama_vocab * vocab);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_sep(nint vocab);
}
