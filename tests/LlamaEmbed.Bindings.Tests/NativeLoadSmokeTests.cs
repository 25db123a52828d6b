using System.Runtime.InteropServices;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

public class NativeLoadSmokeTests
{
    [Fact]
    public unsafe void Loads_pinned_build()
    {
        Assert.True(NativeRuntime.IsInitialized);
        string version = Marshal.PtrToStringUTF8((nint)NativeMethods.llama_version())!;
        Assert.Equal("0.5.0-dev", version);
        Assert.Equal(PinnedBuild.LlamaCppVersion, version);
    }
}
