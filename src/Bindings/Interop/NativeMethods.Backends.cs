using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// The ggml backend registry and device queries (ggml-backend.h). Registry enumeration lives in libggml; the
/// accessors on a <c>ggml_backend_reg_t</c>/<c>ggml_backend_dev_t</c> live in libggml-base. Registries and devices
/// are never freed, so their pointers stay valid for the process lifetime.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>void ggml_backend_load_all_from_path(const char * dir_path);</c> (libggml). Loads the best-scoring variant of each backend family found in the folder. Must run before any llama call.</summary>
    [LibraryImport(NativeLibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dirPath);

    /// <summary><c>size_t ggml_backend_reg_count(void);</c> (libggml)</summary>
    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nuint ggml_backend_reg_count();

    /// <summary><c>ggml_backend_reg_t ggml_backend_reg_get(size_t index);</c> (libggml)</summary>
    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nint ggml_backend_reg_get(nuint index);

    /// <summary><c>ggml_backend_reg_t ggml_backend_reg_by_name(const char * name);</c> (libggml) NULL when not registered, e.g. "CUDA".</summary>
    [LibraryImport(NativeLibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ggml_backend_reg_by_name(string name);

    /// <summary><c>size_t ggml_backend_dev_count(void);</c> (libggml)</summary>
    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nuint ggml_backend_dev_count();

    /// <summary><c>ggml_backend_dev_t ggml_backend_dev_get(size_t index);</c> (libggml)</summary>
    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nint ggml_backend_dev_get(nuint index);

    /// <summary><c>ggml_backend_dev_t ggml_backend_dev_by_type(enum ggml_backend_dev_type type);</c> (libggml) the first device of that type, or NULL.</summary>
    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nint ggml_backend_dev_by_type(GgmlBackendDevType type);

    /// <summary><c>const char * ggml_backend_reg_name(ggml_backend_reg_t reg);</c> e.g. "CPU", "CUDA".</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial byte* ggml_backend_reg_name(nint reg);

    /// <summary><c>size_t ggml_backend_reg_dev_count(ggml_backend_reg_t reg);</c></summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial nuint ggml_backend_reg_dev_count(nint reg);

    /// <summary><c>ggml_backend_dev_t ggml_backend_reg_dev_get(ggml_backend_reg_t reg, size_t index);</c></summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial nint ggml_backend_reg_dev_get(nint reg, nuint index);

    /// <summary>
    /// <c>void * ggml_backend_reg_get_proc_address(ggml_backend_reg_t reg, const char * name);</c> Optional backend
    /// functions, e.g. "ggml_backend_get_features" = <c>struct ggml_backend_feature * (*)(ggml_backend_reg_t)</c>
    /// (a <c>{const char * name; const char * value;}</c> array ended by a NULL name). NULL when absent.
    /// </summary>
    [LibraryImport(NativeLibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void* ggml_backend_reg_get_proc_address(nint reg, string name);

    /// <summary><c>const char * ggml_backend_dev_name(ggml_backend_dev_t device);</c> e.g. "CPU", "CUDA0".</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial byte* ggml_backend_dev_name(nint device);

    /// <summary><c>const char * ggml_backend_dev_description(ggml_backend_dev_t device);</c> e.g. the CPU brand string or the GPU model.</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial byte* ggml_backend_dev_description(nint device);

    /// <summary><c>void ggml_backend_dev_memory(ggml_backend_dev_t device, size_t * free, size_t * total);</c></summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial void ggml_backend_dev_memory(nint device, nuint* free, nuint* total);

    /// <summary><c>enum ggml_backend_dev_type ggml_backend_dev_type(ggml_backend_dev_t device);</c></summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial GgmlBackendDevType ggml_backend_dev_type(nint device);

    /// <summary><c>void ggml_backend_dev_get_props(ggml_backend_dev_t device, struct ggml_backend_dev_props * props);</c></summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial void ggml_backend_dev_get_props(nint device, GgmlBackendDevProps* props);

    /// <summary><c>ggml_backend_reg_t ggml_backend_dev_backend_reg(ggml_backend_dev_t device);</c> the backend a device belongs to.</summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial nint ggml_backend_dev_backend_reg(nint device);
}
