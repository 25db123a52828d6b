using Microsoft.Extensions.Logging;

namespace LlamaEmbed;

/// <summary>How <see cref="NativeRuntime.Initialize"/> loads llama.cpp. Process-wide; fixed after the first initialization.</summary>
public sealed record NativeRuntimeOptions
{
    /// <summary>The environment variable that points at a folder holding a llama.cpp build to use instead of the shipped one.</summary>
    public const string NativeDirectoryVariable = "LLAMAEMBED_NATIVE_DIR";

    /// <summary>Which build to load.</summary>
    /// <remarks>By default, <see cref="LlamaBackend.Cpu"/>.</remarks>
    public LlamaBackend Backend { get; init; } = LlamaBackend.Cpu;

    /// <summary>
    /// The folder holding libggml-base, libggml, libllama and the backend libraries (the CUDA build in its
    /// <c>cuda</c> subfolder, or the folder itself if it is a CUDA build). It must be the pinned llama.cpp version.
    /// </summary>
    /// <remarks>By default, the <c>LLAMAEMBED_NATIVE_DIR</c> environment variable, else <c>runtimes/&lt;rid&gt;/native</c> beside the application.</remarks>
    public string? NativeLibraryDirectory { get; init; }

    /// <summary>Receives llama.cpp's log, under the category <c>LlamaEmbed.LlamaCpp</c>.</summary>
    /// <remarks>
    /// By default, null: llama.cpp writes nothing to stdout or stderr (warnings and errors are still kept and attached
    /// to exceptions). Levels map DEBUG→Debug, INFO→Information, WARN→Warning, ERROR→Error; continuation pieces (such
    /// as the model-load progress dots) are joined to the line they continue. The one exception to silence: when
    /// llama.cpp hits a fatal assert and is about to abort the process, the reason is also written to stderr.
    /// </remarks>
    public ILoggerFactory? LoggerFactory { get; init; }
}
