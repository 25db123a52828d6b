namespace LlamaEmbed.Cli.Infrastructure;

/// <summary>
/// A one-line progress bar redrawn in place with carriage returns. It writes only to the error stream, so stdout
/// stays machine-readable, and only for long inputs.
/// </summary>
internal sealed class ProgressBar
{
    /// <summary>Inputs shorter than this get no bar.</summary>
    public const int Threshold = 64;

    private const int Width = 30;

    private readonly TextWriter _error;
    private readonly int _total;
    private readonly string _unit;
    private readonly long _started = Environment.TickCount64;
    private int _lastFilled = -1;

    private ProgressBar(TextWriter error, int total, string unit)
    {
        _error = error;
        _total = total;
        _unit = unit;
    }

    /// <summary>A bar for <paramref name="total"/> items, or null when the input is short or disabled.</summary>
    public static ProgressBar? For(TextWriter error, int total, string unit, bool enabled = true) =>
        enabled && total >= Threshold ? new ProgressBar(error, total, unit) : null;

    /// <summary>Shows <paramref name="done"/> of the total.</summary>
    public void Report(int done)
    {
        int filled = (int)((long)done * Width / Math.Max(1, _total));
        if (filled == _lastFilled && done < _total)
        {
            return;
        }
        _lastFilled = filled;
        double seconds = Math.Max(0.001, (Environment.TickCount64 - _started) / 1000.0);
        _error.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{_total} {_unit} ({done / seconds:F1}/s)");
        _error.Flush();
    }

    /// <summary>Ends the line.</summary>
    public void Complete()
    {
        Report(_total);
        _error.WriteLine();
    }
}
