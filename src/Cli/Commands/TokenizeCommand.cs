using System.CommandLine;
using System.Text;
using System.Text.Json;
using LlamaEmbed.Cli.Infrastructure;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// <c>llamaembed tokenize -m MODEL [--prompt NAME] TEXT</c>: prints <c>{"tokens":[…]}</c>, the exact ids the
/// embedder feeds for TEXT (BOS, prefix token, prompt, text, EOS; truncated to the model's limit as embedding would).
/// </summary>
internal static class TokenizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        Option<FileInfo> model = new("--model", "-m") { Description = "The GGUF embedding model.", Required = true };
        Option<string?> prompt = new("--prompt") { Description = "A prompt name of the model (e.g. query, document, STS); default: the model's default prompt." };
        Option<bool> noTruncate = new("--no-truncate") { Description = "Fail on a text longer than the model's limit instead of truncating it." };
        Argument<string> text = new("text") { Description = "The text to tokenize." };
        Command command = new("tokenize", "Print the token ids the embedder feeds for a text, prompt and BOS/EOS included.")
        {
            model, prompt, noTruncate, text,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            return CommandErrors.RunAsync(
                async () => await RunAsync(
                    parseResult.GetRequiredValue(model),
                    parseResult.GetValue(prompt),
                    !parseResult.GetValue(noTruncate),
                    parseResult.GetRequiredValue(text),
                    output,
                    cancellationToken).ConfigureAwait(false),
                parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Tokenizes <paramref name="text"/> and prints the ids; returns the exit code.</summary>
    internal static async Task<int> RunAsync(FileInfo modelFile, string? promptName, bool truncate, string text, TextWriter output, CancellationToken cancellationToken)
    {
        await using EmbeddingModel model = await EmbeddingModel.LoadAsync(
            modelFile.FullName, new EmbeddingModelOptions { Threads = 1 }, cancellationToken).ConfigureAwait(false);
        TokenizedText tokens = model.Tokenize(text, promptName is null ? null : EmbeddingPrompt.Named(promptName), truncate);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("tokens");
            foreach (int id in tokens.Ids)
            {
                json.WriteNumberValue(id);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
