namespace LlamaEmbed.Quantization;

/// <summary>The sentences a retention report embeds: a built-in varied set, or a file with one text per line.</summary>
public static class ProbeTexts
{
    /// <summary>
    /// 48 short texts across topics, registers and forms (questions, facts, instructions, code, numbers, other
    /// languages), so that near neighbours are meaningful and quantization damage has many directions to show in.
    /// </summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
    [
        "Which planet is known as the Red Planet?",
        "Mars appears reddish because of iron oxide on its surface.",
        "Jupiter is the largest planet in the solar system.",
        "The Moon orbits the Earth roughly every 27 days.",
        "How do I reset my router to factory settings?",
        "Hold the reset button on the back of the router for ten seconds.",
        "Unplug the modem, wait a minute, then plug it back in.",
        "The quarterly report shows revenue grew by 12 percent.",
        "Operating costs fell while sales in Europe increased.",
        "Shares dropped after the company missed its earnings forecast.",
        "Preheat the oven to 200 degrees and grease the baking tray.",
        "Whisk the eggs with sugar until the mixture turns pale.",
        "A pinch of salt brings out the sweetness in chocolate desserts.",
        "def add(a, b): return a + b",
        "for (int i = 0; i < n; i++) { sum += values[i]; }",
        "SELECT name, email FROM users WHERE active = 1 ORDER BY name;",
        "The function throws a null reference exception when the list is empty.",
        "Photosynthesis converts light energy into chemical energy in plants.",
        "Mitochondria produce most of the cell's supply of ATP.",
        "DNA carries the genetic instructions of living organisms.",
        "The French Revolution began in 1789 with the storming of the Bastille.",
        "The Roman Empire split into eastern and western halves.",
        "World War II ended in 1945 after six years of conflict.",
        "She scored the winning goal in the final minute of extra time.",
        "The marathon route passes the river and ends at the stadium.",
        "Tennis players switch ends after every odd-numbered game.",
        "Take one tablet twice a day with food for seven days.",
        "Symptoms include fever, cough and shortness of breath.",
        "Regular exercise lowers the risk of heart disease.",
        "The train to Berlin departs from platform nine at 14:35.",
        "Our flight was delayed by three hours because of fog.",
        "Book a table for four people at eight o'clock tonight.",
        "Der Zug nach München fährt um acht Uhr ab.",
        "La bibliothèque ferme à dix-huit heures le samedi.",
        "El mercado abre todos los días excepto los domingos.",
        "東京は日本の首都です。",
        "The contract may be terminated with thirty days written notice.",
        "The tenant is responsible for minor repairs to the apartment.",
        "Invoice #4471 is due on March 3 for a total of $1,250.00.",
        "Call me back when you get this message, it's urgent.",
        "lol that movie was so bad it was actually good",
        "Rain is expected tomorrow with strong winds along the coast.",
        "Temperatures will drop below freezing overnight.",
        "The violin concerto was premiered in Vienna in 1806.",
        "Jazz musicians often improvise over a repeating chord progression.",
        "The museum's new wing displays modern sculpture.",
        "Quantum computers use qubits that can be in superposition.",
        "Gradient descent updates the weights in the direction that reduces the loss.",
    ];

    /// <summary>Reads probe texts from <paramref name="path"/>: one per line, blank lines skipped, UTF-8.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has fewer than two texts.</exception>
    public static IReadOnlyList<string> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Probe file '{path}' does not exist.", path);
        }
        string[] texts = [.. File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)];
        if (texts.Length < 2)
        {
            throw new InvalidDataException($"Probe file '{path}' has {texts.Length} text(s); a retention report needs at least two (one per line).");
        }
        return texts;
    }
}
