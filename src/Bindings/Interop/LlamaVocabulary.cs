using System.Text;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// A model's vocabulary with the buffer handling of the tokenizer calls done once: UTF-8 in, exact-size arrays out,
/// the "negative = needed size" retry, and the model kept alive across each call. Thread-safe, like the native calls.
/// </summary>
internal sealed unsafe class LlamaVocabulary
{
    private readonly SafeLlamaModelHandle _model;
    private readonly nint _vocab;

    /// <summary>Wraps the vocabulary of <paramref name="model"/>; it must outlive this object's use.</summary>
    public LlamaVocabulary(SafeLlamaModelHandle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _vocab = NativeMethods.llama_model_get_vocab(model);
    }

    /// <summary>The number of tokens.</summary>
    public int Count => Use(static v => NativeMethods.llama_vocab_n_tokens(v));

    /// <summary>The tokenizer family.</summary>
    public LlamaVocabType Type => Use(static v => NativeMethods.llama_vocab_type(v));

    /// <summary>The BOS token, or -1.</summary>
    public int Bos => Use(static v => NativeMethods.llama_vocab_bos(v));

    /// <summary>The EOS token, or -1.</summary>
    public int Eos => Use(static v => NativeMethods.llama_vocab_eos(v));

    /// <summary>Whether <c>add_special</c> prepends BOS.</summary>
    public bool AddsBos => Use(static v => NativeMethods.llama_vocab_get_add_bos(v));

    /// <summary>Whether <c>add_special</c> appends EOS.</summary>
    public bool AddsEos => Use(static v => NativeMethods.llama_vocab_get_add_eos(v));

    /// <summary>Tokenizes <paramref name="text"/>.</summary>
    /// <param name="text">Any text; it goes down as UTF-8.</param>
    /// <param name="addSpecial">Add BOS/EOS as the vocabulary is configured to.</param>
    /// <param name="parseSpecial">Turn special-token text such as <c>&lt;eos&gt;</c> into special ids; false for untrusted text.</param>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int[] tokens = new int[utf8.Length + 4];
        bool added = false;
        try
        {
            _model.DangerousAddRef(ref added);
            fixed (byte* textPtr = utf8)
            {
                int n = Call(textPtr, utf8.Length, tokens, addSpecial, parseSpecial);
                if (n < 0)
                {
                    if (n == int.MinValue)
                    {
                        throw new ArgumentException("The text produces more tokens than an int can count.", nameof(text));
                    }
                    tokens = new int[-n];
                    n = Call(textPtr, utf8.Length, tokens, addSpecial, parseSpecial);
                }
                return tokens.AsSpan(0, n).ToArray();
            }
        }
        finally
        {
            if (added)
            {
                _model.DangerousRelease();
            }
        }
    }

    /// <summary>The bytes token <paramref name="token"/> renders to (possibly a partial UTF-8 sequence).</summary>
    /// <param name="token">A token id.</param>
    /// <param name="special">Render control tokens (otherwise they give no bytes).</param>
    public byte[] TokenToPiece(int token, bool special)
    {
        bool added = false;
        try
        {
            _model.DangerousAddRef(ref added);
            Span<byte> buffer = stackalloc byte[64];
            int n;
            fixed (byte* p = buffer)
            {
                n = NativeMethods.llama_token_to_piece(_vocab, token, p, buffer.Length, 0, special);
            }
            if (n >= 0)
            {
                return buffer[..n].ToArray();
            }
            byte[] large = new byte[-n];
            fixed (byte* p = large)
            {
                n = NativeMethods.llama_token_to_piece(_vocab, token, p, large.Length, 0, special);
            }
            return large.AsSpan(0, n).ToArray();
        }
        finally
        {
            if (added)
            {
                _model.DangerousRelease();
            }
        }
    }

    private int Call(byte* text, int length, int[] tokens, bool addSpecial, bool parseSpecial)
    {
        fixed (int* output = tokens)
        {
            return NativeMethods.llama_tokenize(_vocab, text, length, output, tokens.Length, addSpecial, parseSpecial);
        }
    }

    private T Use<T>(Func<nint, T> read)
    {
        bool added = false;
        try
        {
            _model.DangerousAddRef(ref added);
            return read(_vocab);
        }
        finally
        {
            if (added)
            {
                _model.DangerousRelease();
            }
        }
    }
}
