using Xunit;

[assembly: AssemblyFixture(typeof(LlamaEmbed.Tests.NativeRuntimeFixture))]

namespace LlamaEmbed.Tests;

/// <summary>
/// Initializes llama.cpp once for the whole test assembly, before any test runs, with <see cref="LlamaBackend.Auto"/>:
/// the CPU build here, the CUDA build on a GPU machine built with -p:LlamaEmbedCuda=true.
/// </summary>
public sealed class NativeRuntimeFixture
{
    public NativeRuntimeFixture() => NativeRuntime.Initialize(Options);

    public static NativeRuntimeOptions Options { get; } = new() { Backend = LlamaBackend.Auto };
}
