using System.CommandLine;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed inspect FILE [--tensors] [--json]</c>: shows what a GGUF model is (architecture, size, tokenizer,
/// prompts, validation problems) from its header alone; nothing native is loaded.
/// </summary>
internal static class InspectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        Argument<FileInfo> file = new("file") { Description = "The GGUF model to inspect." };
        Option<bool> tensors = new("--tensors") { Description = "Also list every tensor with its type, shape and size." };
        Option<bool> json = new("--json") { Description = "Print everything as one JSON object." };
        Command command = new("inspect", "Show a GGUF model's architecture, size, tokenizer, prompts and validation problems.")
        {
            file,
            tensors,
            json,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetRequiredValue(file),
            parseResult.GetValue(tensors),
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Inspects <paramref name="file"/>; exit code 0, or 1 with one line on <paramref name="error"/> when it cannot be read.</summary>
    internal static int Run(FileInfo file, bool includeTensors, bool asJson, TextWriter output, TextWriter error)
    {
        GgufModelSummary summary;
        try
        {
            using GgufReader reader = GgufReader.Open(file.FullName);
            summary = GgufModelSummary.Create(reader);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"llamaembed: {file.Name}: {CommandErrors.OneLine(ex.Message)}");
            return CommandErrors.Failure;
        }
        if (asJson)
        {
            using var buffer = new MemoryStream();
            GgufSummaryWriter.WriteJson(buffer, summary, includeTensors);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            GgufSummaryWriter.WriteText(output, summary, includeTensors);
        }
        return 0;
    }
}
