using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>struct llama_model_kv_override</c>: 264 bytes. <c>tag</c>@0, <c>char key[128]</c>@4, then a 128-byte union @136
/// (<c>int64_t val_i64</c> / <c>double val_f64</c> / <c>bool val_bool</c> / <c>char val_str[128]</c>). An array of
/// these ends with an entry whose key starts with NUL.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelKvOverride
{
    /// <summary><c>enum llama_model_kv_override_type tag</c>: which union member holds the value.</summary>
    public LlamaModelKvOverrideType Tag;

    /// <summary><c>char key[128]</c>: NUL-terminated UTF-8 key.</summary>
    public KeyBuffer Key;

    /// <summary>The value union; read it through <see cref="ValueBuffer"/> according to <see cref="Tag"/>.</summary>
    public ValueBuffer Value;

    /// <summary>128 bytes of key text.</summary>
    [InlineArray(128)]
    public struct KeyBuffer
    {
        private byte _element0;
    }

    /// <summary>
    /// The 128-byte union at offset 136, 8-aligned: <c>val_i64</c>/<c>val_f64</c>/<c>val_bool</c> live in its first
    /// bytes, <c>val_str</c> spans all of it.
    /// </summary>
    [InlineArray(16)]
    public struct ValueBuffer
    {
        private long _element0;
    }
}
