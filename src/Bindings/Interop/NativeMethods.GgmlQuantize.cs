using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// ggml's type table, scalar conversions and reference quantizer (ggml.h, libggml-base). The managed quantizer's
/// tests use these as the oracle; no llama or backend initialisation is needed for them.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>
    /// <c>size_t ggml_quantize_chunk(enum ggml_type type, const float * src, void * dst, int64_t start, int64_t nrows,
    /// int64_t n_per_row, const float * imatrix);</c> Quantizes <paramref name="nrows"/> rows starting at element
    /// <paramref name="start"/> (a multiple of <paramref name="nPerRow"/>) and writes them at the matching row of
    /// <paramref name="dst"/>; returns the bytes written. Aborts the process on a bad type or shape, and for i-quants
    /// without an importance matrix, so callers check first.
    /// </summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial nuint ggml_quantize_chunk(int type, float* src, void* dst, long start, long nrows, long nPerRow, float* imatrix);

    /// <summary><c>ggml_fp16_t ggml_fp32_to_fp16(float);</c> (round to nearest even; NaN becomes 0x7E00 with the sign).</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial ushort ggml_fp32_to_fp16(float x);

    /// <summary><c>float ggml_fp16_to_fp32(ggml_fp16_t);</c></summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial float ggml_fp16_to_fp32(ushort x);

    /// <summary><c>ggml_bf16_t ggml_fp32_to_bf16(float);</c> (<c>ggml_bf16_t</c> is a struct of one uint16, returned in a register).</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial ushort ggml_fp32_to_bf16(float x);

    /// <summary><c>size_t ggml_type_size(enum ggml_type);</c> Bytes per block; 0 for removed ids.</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial nuint ggml_type_size(int type);

    /// <summary><c>int64_t ggml_blck_size(enum ggml_type);</c> Values per block; 0 for removed ids.</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial long ggml_blck_size(int type);

    /// <summary><c>const char * ggml_type_name(enum ggml_type);</c> A static string, e.g. "q8_0"; NULL for removed ids.</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial byte* ggml_type_name(int type);

    /// <summary>
    /// <c>bool ggml_validate_row_data(enum ggml_type type, const void * data, size_t nbytes);</c> False (with a line
    /// on stderr) when the size is not a whole number of blocks or a scale or value is inf/NaN.
    /// </summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ggml_validate_row_data(int type, void* data, nuint nbytes);
}
