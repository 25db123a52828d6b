using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

public class NativeRuntimeTests
{
    [Fact]
    public void Describe_reports_version_files_cpu_variant_and_devices()
    {
        NativeRuntimeInfo info = NativeRuntime.Describe();

        Assert.Equal(PinnedBuild.LlamaCppVersion, info.LlamaCppVersion);
        Assert.Equal(3, info.LibraryFiles.Count);
        Assert.All(info.LibraryFiles, f => Assert.True(File.Exists(f), f));
        Assert.NotNull(info.CpuVariantFile);
        Assert.StartsWith("libggml-cpu-", Path.GetFileName(info.CpuVariantFile), StringComparison.Ordinal);
        Assert.Equal(info.LibraryDirectory, Path.GetDirectoryName(info.CpuVariantFile));
        Assert.NotEmpty(info.CpuFeatures);
        Assert.Contains(info.Devices, d => d.Type == NativeDeviceType.Cpu && d.Backend == "CPU");
        Assert.Contains("CPU :", info.SystemInfo, StringComparison.Ordinal);
        Assert.Equal(LlamaBackend.Auto, info.RequestedBackend);
        Assert.True(info.Backend == LlamaBackend.Cuda || info.CudaUnavailableReason is not null);
    }

    [Fact]
    public void Initialize_again_with_the_same_options_is_a_no_op()
    {
        NativeRuntime.Initialize(NativeRuntimeFixture.Options);
        NativeRuntime.EnsureInitialized();
        Assert.True(NativeRuntime.IsInitialized);
    }

    [Fact]
    public void Initialize_with_another_folder_is_refused()
    {
        using var other = new TempFolder();
        var ex = Assert.Throws<LlamaNativeLibraryException>(() =>
            NativeRuntime.Initialize(NativeRuntimeFixture.Options with { NativeLibraryDirectory = other.Path }));
        Assert.Contains("already initialized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_handshake_names_found_expected_and_fix()
    {
        var ex = Assert.Throws<LlamaNativeLibraryException>(() => NativeRuntime.VerifyVersion("0.4.9", "/opt/my-llama"));
        Assert.Contains("'0.4.9'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{PinnedBuild.LlamaCppVersion}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/opt/my-llama", ex.Message, StringComparison.Ordinal);
        Assert.Contains(NativeRuntimeOptions.NativeDirectoryVariable, ex.Message, StringComparison.Ordinal);
        NativeRuntime.VerifyVersion(PinnedBuild.LlamaCppVersion, "/opt/my-llama");
    }

    [Fact]
    public void Library_names_cover_cpu_cuda_and_plain_builds()
    {
        Assert.Contains("libllama.v*.so", NativeLibraryLoader.CandidateNames(NativeLibraryNames.Llama));
        Assert.Contains("libllama.cuda.v*.so", NativeLibraryLoader.CandidateNames(NativeLibraryNames.Llama));
        Assert.Contains("libggml.so", NativeLibraryLoader.CandidateNames(NativeLibraryNames.Ggml));
    }
}
