namespace LlamaEmbed.Gguf;

/// <summary>How bad a <see cref="GgufValidationProblem"/> is.</summary>
public enum GgufValidationSeverity
{
    /// <summary>llama.cpp loads the model, but results or tokenization will be degraded.</summary>
    Warning = 0,

    /// <summary>llama.cpp would refuse the file or abort the process while loading or running it.</summary>
    Error = 1,
}

/// <summary>One finding of <see cref="GgufModelValidator"/>.</summary>
/// <param name="Severity">Error when llama.cpp would refuse or abort; Warning when it loads but degrades.</param>
/// <param name="Subject">The metadata key or tensor name the problem concerns (the architecture key when general).</param>
/// <param name="Message">What is wrong and what llama.cpp does with it.</param>
public sealed record GgufValidationProblem(GgufValidationSeverity Severity, string Subject, string Message)
{
    /// <summary>"error: key: message", the form used in logs and exception messages.</summary>
    public override string ToString() => $"{(Severity == GgufValidationSeverity.Error ? "error" : "warning")}: {Subject}: {Message}";
}
