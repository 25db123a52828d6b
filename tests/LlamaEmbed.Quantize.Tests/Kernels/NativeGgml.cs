using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests.Kernels;

/// <summary>The shipped libggml-base as the oracle: its reference quantizer and row validator, called directly.</summary>
internal static unsafe class NativeGgml
{
    private static readonly Lazy<bool> s_loaded = new(() =>
    {
        NativeRuntime.EnsureInitialized(); // loads libggml-base from the shipped folder and keeps llama.cpp's log quiet
        return true;
    });

    public static void EnsureLoaded() => _ = s_loaded.Value;

    /// <summary><c>ggml_quantize_chunk(type, src, dst, 0, rows, rowLength, NULL)</c> into a fresh array.</summary>
    public static byte[] Quantize(GgmlType type, float[] source, int rowLength)
    {
        EnsureLoaded();
        long rows = source.Length / rowLength;
        var destination = new byte[rows * GgmlTypeInfo.RowBytes(type, rowLength)];
        fixed (float* src = source)
        fixed (byte* dst = destination)
        {
            nuint written = NativeMethods.ggml_quantize_chunk((int)type, src, dst, 0, rows, rowLength, null);
            Assert.Equal((nuint)destination.Length, written);
        }
        return destination;
    }

    public static bool Validate(GgmlType type, byte[] data)
    {
        EnsureLoaded();
        fixed (byte* p = data)
        {
            return NativeMethods.ggml_validate_row_data((int)type, p, (nuint)data.Length);
        }
    }
}
