using System.CommandLine;

namespace LlamaEmbed.Cli;

/// <summary>Entry point of the <c>llamaembed</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        RootCommand root = new("llamaembed: embed, rerank, quantize, convert and inspect GGUF models with llama.cpp.");
        return root.Parse(args).Invoke();
    }
}
