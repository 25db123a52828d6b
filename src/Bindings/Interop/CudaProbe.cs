using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Finds the CUDA build and checks, before anything of it is loaded, that the NVIDIA driver and the CUDA 13 runtime
/// libraries it links against can be loaded. ggml loads backends silently, so without this check a missing
/// <c>libcudart</c> would only show up as "no CUDA device".
/// </summary>
internal static class CudaProbe
{
    /// <summary>The subfolder of the native folder that holds the CUDA build (see native/Native.targets).</summary>
    public const string SubfolderName = "cuda";

    /// <summary>The folder holding a CUDA build: <c>&lt;dir&gt;/cuda</c>, or <paramref name="directory"/> itself when it is one; null when neither is.</summary>
    public static string? FindBuild(string directory)
    {
        string sub = Path.Combine(directory, SubfolderName);
        if (HasCudaBackend(sub))
        {
            return sub;
        }
        return HasCudaBackend(directory) ? directory : null;
    }

    /// <summary>The libraries the CUDA backend needs that cannot be loaded, each with what it is; empty when all load.</summary>
    public static IReadOnlyList<string> FindMissingDependencies(string cudaDirectory)
    {
        var missing = new List<string>();
        foreach ((string file, string role) in Dependencies())
        {
            if (!NativeLibrary.TryLoad(file, out _) && !NativeLibrary.TryLoad(Path.Combine(cudaDirectory, file), out _))
            {
                missing.Add($"{file} ({role})");
            }
        }
        return missing;
    }

    private static bool HasCudaBackend(string directory) =>
        Directory.Exists(directory)
        && (File.Exists(Path.Combine(directory, "libggml-cuda.so")) || File.Exists(Path.Combine(directory, "ggml-cuda.dll")));

    private static IEnumerable<(string File, string Role)> Dependencies()
    {
        if (OperatingSystem.IsWindows())
        {
            yield return ("nvcuda.dll", "the NVIDIA driver");
            yield return ("cudart64_13.dll", "the CUDA 13 runtime");
            yield return ("cublas64_13.dll", "cuBLAS from CUDA 13");
            yield break;
        }
        yield return ("libcuda.so.1", "the NVIDIA driver");
        yield return ("libcudart.so.13", "the CUDA 13 runtime");
        yield return ("libcublas.so.13", "cuBLAS from CUDA 13");
    }
}
