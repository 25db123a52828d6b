using System.Diagnostics;
using System.Globalization;
using LlamaEmbed.Reranking;

namespace LlamaEmbed.Cli.Commands;

/// <summary>
/// The progress bar <c>llamaembed rerank</c> draws on stderr while passages finish: passages done, reasoning tokens
/// and tokens per second, redrawn in place. Nothing is drawn when stderr is not a terminal, so logs stay clean.
/// </summary>
internal sealed class RerankProgressBar : IProgress<Rank1Judgement>
{
    private const int Width = 24;

    private readonly TextWriter _error;
    private readonly int _total;
    private readonly bool _enabled;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done;
    private long _tokens;

    /// <summary>Creates a bar for <paramref name="total"/> passages; <paramref name="enabled"/> false makes it silent.</summary>
    public RerankProgressBar(TextWriter error, int total, bool enabled)
    {
        _error = error;
        _total = total;
        _enabled = enabled;
        Draw();
    }

    /// <summary>Counts one finished passage and redraws.</summary>
    public void Report(Rank1Judgement value)
    {
        lock (_gate)
        {
            _done++;
            _tokens += value.ReasoningTokens;
            Draw();
        }
    }

    /// <summary>Ends the bar's line so that later output starts on a fresh one.</summary>
    public void Finish()
    {
        if (_enabled)
        {
            _error.WriteLine();
        }
    }

    private void Draw()
    {
        if (!_enabled)
        {
            return;
        }
        int filled = _total == 0 ? Width : _done * Width / _total;
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        _error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\rrerank [{new string('#', filled)}{new string('-', Width - filled)}] {_done}/{_total} passages, {_tokens} reasoning tokens, {_tokens / seconds:F1} tok/s "));
        _error.Flush();
    }
}
