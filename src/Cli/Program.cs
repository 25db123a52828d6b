using System.CommandLine;
using LlamaEmbed.Cli.Commands;

namespace LlamaEmbed.Cli;

/// <summary>Entry point of the <c>llamaembed</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    /// <summary>The command tree; each subcommand lives in its own file under Commands/.</summary>
    internal static RootCommand BuildRootCommand()
    {
        RootCommand root = new("llamaembed: embed, rerank, quantize, convert and inspect GGUF models with llama.cpp, no Python.");
        // One line per command:
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(RerankCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        return root;
    }
}
