using System.Runtime.InteropServices;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Quantization;

/// <summary>
/// The native engine: llama.cpp's <c>llama_model_quantize</c> on a dedicated thread, writing to the staged
/// temporary file, with progress read from the growing output and cancellation that abandons the run.
/// </summary>
/// <remarks>
/// llama.cpp offers no way to stop <c>llama_model_quantize</c> midway. On cancellation the call returns at once
/// with <see cref="OperationCanceledException"/> and the temporary file is deleted; the native run carries on in
/// the background until it finishes (or the process exits, as the CLI does on Ctrl-C), and its output is deleted
/// again when it ends.
/// </remarks>
internal static class NativeGgufQuantizer
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    public static void Run(
        string inputPath, StagedOutputFile output, IReadOnlyList<TensorQuantizationPlan> plan, long headerBytes,
        GgufQuantizeOptions options, CancellationToken cancellationToken)
    {
        NativeRuntime.EnsureInitialized();
        long mark = NativeLog.Mark();
        var run = Task.Factory.StartNew(
            () => Quantize(inputPath, output.TemporaryPath, options),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var tracker = new OutputTracker(plan, headerBytes);
        while (!run.Wait(s_pollInterval, CancellationToken.None))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                output.DeleteTemporary();
                run.ContinueWith(_ => output.DeleteTemporary(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (options.Progress is { } progress && tracker.Read(output.TemporaryPath) is { } report)
            {
                progress.Report(report);
            }
        }
        uint status = run.GetAwaiter().GetResult();
        if (status != 0)
        {
            throw new GgufQuantizationException($"llama_model_quantize failed (status {status}) on '{inputPath}'.", NativeLog.LinesSince(mark));
        }
        options.Progress?.Report(new GgufQuantizationProgress(plan.Count, plan.Count, null, 1));
    }

    private static unsafe uint Quantize(string inputPath, string outputPath, GgufQuantizeOptions options)
    {
        LlamaModelQuantizeParams parameters = NativeMethods.llama_model_quantize_default_params();
        parameters.NThread = options.Threads;
        parameters.Ftype = (LlamaFtype)GgufQuantizationTypes.FileType(options.Type);
        parameters.AllowRequantize = options.AllowRequantize;
        parameters.Pure = options.Pure;

        IReadOnlyList<TensorTypeOverride> overrides = options.TensorTypeOverrides;
        var entries = new LlamaModelTensorOverride[overrides.Count + 1];
        try
        {
            for (int i = 0; i < overrides.Count; i++)
            {
                entries[i] = new LlamaModelTensorOverride { Pattern = Marshal.StringToCoTaskMemUTF8(overrides[i].Pattern), Type = overrides[i].Type };
            }
            fixed (LlamaModelTensorOverride* table = entries)
            {
                parameters.TtOverrides = overrides.Count > 0 ? (nint)table : 0;
                return NativeMethods.llama_model_quantize(inputPath, outputPath, &parameters);
            }
        }
        finally
        {
            foreach (LlamaModelTensorOverride entry in entries)
            {
                Marshal.FreeCoTaskMem(entry.Pattern);
            }
        }
    }

    /// <summary>
    /// Turns the size of the file llama.cpp is writing into progress: it writes a header-sized gap, then each
    /// tensor's data in plan order, so the size says how many tensors are done.
    /// </summary>
    private sealed class OutputTracker(IReadOnlyList<TensorQuantizationPlan> plan, long headerBytes)
    {
        private readonly long[] _ends = Ends(plan, headerBytes);

        public GgufQuantizationProgress? Read(string path)
        {
            long length;
            try
            {
                length = new FileInfo(path).Length;
            }
            catch (IOException)
            {
                return null;
            }
            if (length <= headerBytes)
            {
                return null;
            }
            int done = Array.FindIndex(_ends, end => end > length);
            done = done < 0 ? plan.Count : done;
            double fraction = Math.Clamp((double)(length - headerBytes) / Math.Max(1, _ends[^1] - headerBytes), 0, 1);
            return new GgufQuantizationProgress(done, plan.Count, done < plan.Count ? plan[done].Name : null, fraction);
        }

        private static long[] Ends(IReadOnlyList<TensorQuantizationPlan> plan, long headerBytes)
        {
            var ends = new long[Math.Max(1, plan.Count)];
            long position = headerBytes;
            for (int i = 0; i < plan.Count; i++)
            {
                position += (plan[i].TargetBytes + 31) / 32 * 32;
                ends[i] = position;
            }
            return ends;
        }
    }
}
