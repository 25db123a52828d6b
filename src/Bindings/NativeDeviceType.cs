namespace LlamaEmbed;

/// <summary>The kind of a compute device llama.cpp can run on.</summary>
public enum NativeDeviceType
{
    /// <summary>The host CPU.</summary>
    Cpu = 0,

    /// <summary>A discrete GPU with its own memory.</summary>
    Gpu = 1,

    /// <summary>An integrated GPU sharing host memory.</summary>
    IntegratedGpu = 2,

    /// <summary>An accelerator used together with the CPU (for example BLAS).</summary>
    Accelerator = 3,

    /// <summary>A virtual device spanning several others.</summary>
    Meta = 4,
}
