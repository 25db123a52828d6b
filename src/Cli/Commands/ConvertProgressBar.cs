using System.Globalization;
using LlamaEmbed.Conversion;

namespace LlamaEmbed.Cli.Commands;

/// <summary>The conversion's one-line progress bar on stderr, redrawn in place; silent when disabled.</summary>
internal sealed class ConvertProgressBar(TextWriter error, bool enabled) : IProgress<ConversionProgress>
{
    private const int Width = 24;
    private readonly Lock _gate = new();
    private bool _drawn;
    private int _lastPercent = -1;
    private int _lastTensor = -1;

    /// <inheritdoc />
    public void Report(ConversionProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!enabled)
        {
            return;
        }
        lock (_gate)
        {
            int percent = (int)(value.Fraction * 100);
            if (percent == _lastPercent && value.TensorIndex == _lastTensor)
            {
                return;
            }
            _lastPercent = percent;
            _lastTensor = value.TensorIndex;
            int filled = (int)Math.Round(value.Fraction * Width);
            error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\rconvert [{new string('#', filled)}{new string('-', Width - filled)}] {percent,3}% {value.TensorIndex + 1}/{value.TensorCount} {value.Tensor,-32}"));
            error.Flush();
            _drawn = true;
        }
    }

    /// <summary>Ends the bar's line, if one was drawn.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_drawn)
            {
                error.WriteLine();
                _drawn = false;
            }
        }
    }
}
