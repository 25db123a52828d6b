using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Reads the backend registry after start-up: devices, the chosen CPU variant and its features.</summary>
internal static unsafe class NativeSystemQuery
{
    private const string CpuVariantPrefix = "libggml-cpu-";

    /// <summary>Every registered device.</summary>
    public static IReadOnlyList<NativeDeviceInfo> Devices()
    {
        var devices = new List<NativeDeviceInfo>();
        nuint count = NativeMethods.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            nint device = NativeMethods.ggml_backend_dev_get(i);
            GgmlBackendDevProps props;
            NativeMethods.ggml_backend_dev_get_props(device, &props);
            nint reg = NativeMethods.ggml_backend_dev_backend_reg(device);
            devices.Add(new NativeDeviceInfo(
                Utf8(props.Name),
                Utf8(props.Description),
                (NativeDeviceType)props.Type,
                reg == 0 ? string.Empty : Utf8(NativeMethods.ggml_backend_reg_name(reg)),
                (long)props.MemoryFree,
                (long)props.MemoryTotal));
        }
        return devices;
    }

    /// <summary>The number of devices the named backend registered; 0 when the backend is not registered.</summary>
    public static int DeviceCount(string backendName)
    {
        nint reg = NativeMethods.ggml_backend_reg_by_name(backendName);
        return reg == 0 ? 0 : (int)NativeMethods.ggml_backend_reg_dev_count(reg);
    }

    /// <summary>The features the named backend reports through <c>ggml_backend_get_features</c>; flags set to 1 by name, others as <c>NAME=value</c>.</summary>
    public static IReadOnlyList<string> Features(string backendName)
    {
        nint reg = NativeMethods.ggml_backend_reg_by_name(backendName);
        if (reg == 0)
        {
            return [];
        }
        var getFeatures = (delegate* unmanaged[Cdecl]<nint, GgmlBackendFeature*>)NativeMethods.ggml_backend_reg_get_proc_address(reg, "ggml_backend_get_features");
        if (getFeatures is null)
        {
            return [];
        }
        var features = new List<string>();
        for (GgmlBackendFeature* feature = getFeatures(reg); feature->Name is not null; feature++)
        {
            string name = Utf8(feature->Name);
            string value = Utf8(feature->Value);
            if (value != "0")
            {
                features.Add(value == "1" ? name : $"{name}={value}");
            }
        }
        return features;
    }

    /// <summary>The CPU variant file: from ggml's "loaded CPU backend from" line, else from the process's mapped files.</summary>
    public static string? CpuVariantFile()
    {
        string? logged = NativeLog.LoadedBackendFile("CPU");
        if (logged is not null || !File.Exists("/proc/self/maps"))
        {
            return logged;
        }
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).StartsWith(CpuVariantPrefix, StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }
        return null;
    }

    /// <summary>A static NUL-terminated UTF-8 string from native code; empty for NULL.</summary>
    public static string Utf8(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    /// <summary><c>struct ggml_backend_feature { const char * name; const char * value; }</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct GgmlBackendFeature
    {
        public byte* Name;
        public byte* Value;
    }
}
