using System.Globalization;

namespace LlamaEmbed.Cli.Infrastructure;

/// <summary>
/// The one progress bar of every command: a single line on the error stream, redrawn in place with carriage
/// returns, so stdout stays machine-readable. Thread-safe; redraws only when what it shows changes.
/// </summary>
internal sealed class ProgressBar
{
    /// <summary>Counted inputs shorter than this get no bar.</summary>
    public const int Threshold = 64;

    private const int Width = 28;

    private readonly TextWriter _error;
    private readonly string _label;
    private readonly Lock _gate = new();
    private readonly long _started = Environment.TickCount64;
    private string _shown = "";
    private readonly int _total;

    private ProgressBar(TextWriter error, string label, int total)
    {
        _error = error;
        _label = label;
        _total = total;
    }

    /// <summary>A bar counting <paramref name="total"/> items, or null when the input is short or the bar is disabled.</summary>
    public static ProgressBar? For(TextWriter error, int total, string unit, bool enabled = true) =>
        enabled && total >= Threshold ? new ProgressBar(error, unit, total) : null;

    /// <summary>A bar for work measured as a fraction (tensors, bytes), or null when disabled.</summary>
    public static ProgressBar? ForWork(TextWriter error, string label, bool enabled) =>
        enabled ? new ProgressBar(error, label, total: 0) : null;

    /// <summary>Shows <paramref name="done"/> of the counted total, with the rate so far.</summary>
    public void Report(int done)
    {
        double seconds = Math.Max(0.001, (Environment.TickCount64 - _started) / 1000.0);
        Draw((double)done / Math.Max(1, _total), string.Create(CultureInfo.InvariantCulture, $"{done}/{_total} {_label} ({done / seconds:F1}/s)"), prefix: "");
    }

    /// <summary>Shows a fraction of the work done and a short description of the current step.</summary>
    public void Report(double fraction, string detail) => Draw(fraction, detail, prefix: _label + " ");

    /// <summary>An <see cref="IProgress{T}"/> that draws each report synchronously (unlike <see cref="Progress{T}"/>, which posts).</summary>
    public IProgress<T> Adapt<T>(Func<T, (double Fraction, string Detail)> describe) => new Adapter<T>(this, describe);

    /// <summary>Ends the bar's line (a counted bar first shows its total), if anything was drawn.</summary>
    public void Complete()
    {
        if (_total > 0)
        {
            Report(_total);
        }
        lock (_gate)
        {
            if (_shown.Length > 0)
            {
                _error.WriteLine();
                _shown = "";
            }
        }
    }

    private void Draw(double fraction, string detail, string prefix)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        int filled = (int)Math.Round(fraction * Width);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{prefix}[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:F0}% {detail}");
        lock (_gate)
        {
            if (line == _shown)
            {
                return;
            }
            // Pad over the remains of a longer previous line.
            _error.Write('\r' + line.PadRight(_shown.Length));
            _error.Flush();
            _shown = line;
        }
    }

    private sealed class Adapter<T>(ProgressBar bar, Func<T, (double Fraction, string Detail)> describe) : IProgress<T>
    {
        public void Report(T value)
        {
            var (fraction, detail) = describe(value);
            bar.Report(fraction, detail);
        }
    }
}
