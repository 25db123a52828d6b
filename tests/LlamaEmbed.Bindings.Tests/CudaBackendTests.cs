using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

public class CudaBackendTests
{
    [Fact]
    public void Cuda_device_is_reported_when_the_cuda_build_loaded()
    {
        NativeRuntimeInfo info = NativeRuntime.Describe();
        if (info.Backend != LlamaBackend.Cuda)
        {
            Assert.Skip($"CUDA is not in use: {info.CudaUnavailableReason}");
        }
        Assert.Null(info.CudaUnavailableReason);
        Assert.Contains(info.Devices, d => d.Backend == "CUDA" && d.Type == NativeDeviceType.Gpu && d.MemoryTotalBytes > 0);
        Assert.Contains(info.LibraryFiles, f => Path.GetFileName(f).StartsWith("libllama.cuda.", StringComparison.Ordinal));
    }

    [Fact]
    public void Cuda_without_a_cuda_build_says_how_to_get_one()
    {
        using var empty = new TempFolder();
        var ex = Assert.Throws<LlamaNativeLibraryException>(() => NativeRuntime.ChooseBuild(LlamaBackend.Cuda, empty.Path));
        Assert.Contains("-p:LlamaEmbedCuda=true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_without_a_cuda_build_falls_back_to_cpu_with_the_reason()
    {
        using var empty = new TempFolder();
        (string directory, LlamaBackend backend, string? reason) = NativeRuntime.ChooseBuild(LlamaBackend.Auto, empty.Path);
        Assert.Equal(empty.Path, directory);
        Assert.Equal(LlamaBackend.Cpu, backend);
        Assert.Contains("no CUDA build", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_with_missing_driver_or_runtime_names_each_missing_library()
    {
        IReadOnlyList<string> missing = CudaProbe.FindMissingDependencies(Path.GetTempPath());
        if (missing.Count == 0)
        {
            Assert.Skip("The NVIDIA driver and CUDA 13 libraries are installed here.");
        }
        using var folder = new TempFolder();
        string cuda = Path.Combine(folder.Path, CudaProbe.SubfolderName);
        Directory.CreateDirectory(cuda);
        File.WriteAllBytes(Path.Combine(cuda, "libggml-cuda.so"), []);
        var ex = Assert.Throws<LlamaNativeLibraryException>(() => NativeRuntime.ChooseBuild(LlamaBackend.Cuda, folder.Path));
        Assert.All(missing, m => Assert.Contains(m, ex.Message, StringComparison.Ordinal));
        (_, LlamaBackend backend, string? reason) = NativeRuntime.ChooseBuild(LlamaBackend.Auto, folder.Path);
        Assert.Equal(LlamaBackend.Cpu, backend);
        Assert.Contains(missing[0], reason, StringComparison.Ordinal);
    }
}
