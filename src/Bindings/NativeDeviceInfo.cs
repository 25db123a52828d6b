namespace LlamaEmbed;

/// <summary>One compute device registered with llama.cpp.</summary>
/// <param name="Name">The device name, e.g. <c>CPU</c> or <c>CUDA0</c>.</param>
/// <param name="Description">The device description, e.g. the CPU brand string or the GPU model.</param>
/// <param name="Type">The kind of device.</param>
/// <param name="Backend">The backend it belongs to, e.g. <c>CPU</c> or <c>CUDA</c>.</param>
/// <param name="MemoryFreeBytes">Free memory as the device reports it.</param>
/// <param name="MemoryTotalBytes">Total memory as the device reports it.</param>
public sealed record NativeDeviceInfo(
    string Name,
    string Description,
    NativeDeviceType Type,
    string Backend,
    long MemoryFreeBytes,
    long MemoryTotalBytes);
