namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// Turns the exceptions a command can expect from bad input into exit code 1 and one line on stderr, with no
/// stack trace. Anything else is a bug and propagates.
/// </summary>
internal static class CommandErrors
{
    /// <summary>Exit code for bad input or a failed operation.</summary>
    public const int Failure = 1;

    /// <summary>Exit code when the user cancelled (Ctrl-C), following the shell convention 128 + SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Runs <paramref name="action"/> and maps expected failures to exit codes.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        error ??= Console.Error;
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("llamaembed: cancelled").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            await error.WriteLineAsync($"llamaembed: {OneLine(ex.Message)}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>True for failures caused by input or environment rather than by a bug in llamaembed.</summary>
    public static bool IsExpected(Exception ex) => ex is LlamaException or IOException or InvalidDataException
        or UnauthorizedAccessException or ArgumentException or NotSupportedException or FormatException
        or InvalidOperationException or System.Text.Json.JsonException;

    /// <summary>Collapses a multi-line message to its first line plus a count of what was left out.</summary>
    public static string OneLine(string message)
    {
        string[] lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length switch
        {
            0 => "failed",
            1 => lines[0],
            _ => $"{lines[0]} (+{lines.Length - 1} more line{(lines.Length > 2 ? "s" : "")})",
        };
    }
}
