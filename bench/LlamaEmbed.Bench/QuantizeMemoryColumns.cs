using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using LlamaEmbed.Quantization;

namespace LlamaEmbed.Bench;

/// <summary>
/// Peak memory of each quantize iteration, as the kernel counts it: <c>VmHWM</c> (reset before the iteration
/// through <c>/proc/self/clear_refs</c>; it includes the memory-mapped input pages the run touched) and the peak of
/// <c>RssAnon</c> sampled every 5 ms (only what the engine allocated: buffers, not the mapped file). The largest
/// value over the measured iterations is shown. Linux only; "-" elsewhere.
/// </summary>
internal sealed class QuantizeMemoryColumns : IColumn
{
    private static readonly ConcurrentDictionary<(string Method, GgufQuantizationType Type), (long Peak, long Anonymous)> s_results = new();
    private static CancellationTokenSource? s_sampling;
    private static Task<long>? s_sampler;
    private static string s_method = "";

    private readonly bool _anonymous;

    private QuantizeMemoryColumns(bool anonymous) => _anonymous = anonymous;

    /// <summary>Peak resident set (VmHWM).</summary>
    public static IColumn PeakRss { get; } = new QuantizeMemoryColumns(anonymous: false);

    /// <summary>Peak anonymous resident set (sampled RssAnon).</summary>
    public static IColumn PeakAnonymousRss { get; } = new QuantizeMemoryColumns(anonymous: true);

    /// <summary>Resets the high-water mark and starts sampling for benchmark <paramref name="method"/> (call in [IterationSetup]).</summary>
    public static void Start(string method)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        File.WriteAllText("/proc/self/clear_refs", "5");
        s_method = method;
        s_sampling = new CancellationTokenSource();
        CancellationToken stop = s_sampling.Token;
        s_sampler = Task.Run(async () =>
        {
            long peak = 0;
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Read("RssAnon:"));
                await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
            }
            return Math.Max(peak, Read("RssAnon:"));
        }, CancellationToken.None);
    }

    /// <summary>Stops sampling and records the iteration under its method and <paramref name="type"/> (call in [IterationCleanup]).</summary>
    public static void Stop(GgufQuantizationType type)
    {
        if (s_sampling is null || s_sampler is null)
        {
            return;
        }
        s_sampling.Cancel();
        long anonymous = s_sampler.GetAwaiter().GetResult();
        long peak = Read("VmHWM:");
        s_sampling.Dispose();
        s_sampling = null;
        s_results.AddOrUpdate((s_method, type), (peak, anonymous), (_, old) => (Math.Max(old.Peak, peak), Math.Max(old.Anonymous, anonymous)));
    }

    public string Id => ColumnName;

    public string ColumnName => _anonymous ? "Peak anon RSS" : "Peak RSS";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _anonymous ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => _anonymous
        ? "Largest anonymous resident memory (RssAnon) sampled during an iteration: what the engine allocated"
        : "Largest resident set (VmHWM) of an iteration, mapped input pages included";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(QuantizeBenchmarks.Type))?.Value is not GgufQuantizationType type
            || !s_results.TryGetValue((method, type), out var result))
        {
            return "-";
        }
        long bytes = _anonymous ? result.Anonymous : result.Peak;
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MiB");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    private static long Read(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // e.g. "VmHWM:\t  412345 kB"
                string kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}
