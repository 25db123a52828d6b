namespace LlamaEmbed.Cli.Infrastructure;

/// <summary>Where a command's texts come from: its arguments, else <c>--input FILE</c>, else standard input; one text per line for the last two.</summary>
internal static class TextInput
{
    /// <summary>Reads the texts.</summary>
    /// <exception cref="ArgumentException">Both arguments and <c>--input</c> were given, or there is no text at all.</exception>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    public static async Task<IReadOnlyList<string>> ReadAsync(
        IReadOnlyList<string>? arguments, FileInfo? inputFile, TextReader standardInput, CancellationToken cancellationToken)
    {
        if (arguments is { Count: > 0 })
        {
            if (inputFile is not null)
            {
                throw new ArgumentException("Give texts either as arguments or with --input, not both.");
            }
            return arguments;
        }
        if (inputFile is not null && !inputFile.Exists)
        {
            throw new FileNotFoundException($"Input file '{inputFile.FullName}' does not exist.", inputFile.FullName);
        }
        using TextReader? file = inputFile is null ? null : new StreamReader(inputFile.FullName);
        TextReader reader = file ?? standardInput;
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lines.Add(line);
        }
        if (lines.Count == 0)
        {
            throw new ArgumentException(inputFile is null
                ? "No text to embed: give TEXT arguments, --input FILE, or lines on standard input."
                : $"Input file '{inputFile.FullName}' has no lines.");
        }
        return lines;
    }
}
