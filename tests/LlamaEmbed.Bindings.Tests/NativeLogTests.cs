using System.Collections.Concurrent;
using LlamaEmbed.Native.Interop;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>llama.cpp's log goes only to our sink: silent by default, routed to a logger when one is set.</summary>
public class NativeLogTests
{
    [Fact]
    public unsafe void Our_callback_is_installed_so_nothing_reaches_stderr()
    {
        nint callback;
        void* userData;
        NativeMethods.llama_log_get(&callback, &userData);
        Assert.Equal((nint)NativeLog.Callback, callback);
    }

    [Fact]
    public unsafe void Fatal_assert_hook_is_installed()
    {
        nint previous = NativeMethods.ggml_set_abort_callback(NativeLog.FatalCallback);
        Assert.Equal((nint)NativeLog.FatalCallback, previous);
    }

    [Fact]
    public void Cont_pieces_join_the_line_they_continue_and_warnings_are_kept()
    {
        var logger = new CapturingLogger();
        ILogger? previous = NativeLog.Logger;
        NativeLog.Logger = logger;
        try
        {
            long mark = NativeLog.Mark();
            NativeLog.Write(GgmlLogLevel.Info, "test_cont: loading");
            NativeLog.Write(GgmlLogLevel.Cont, ".");
            NativeLog.Write(GgmlLogLevel.Cont, ".");
            NativeLog.Write(GgmlLogLevel.Cont, " done\n");
            NativeLog.Write(GgmlLogLevel.Warn, "test_cont: first warning\nsecond line\n");
            NativeLog.Write(GgmlLogLevel.Error, "test_cont: broken\n");

            Assert.Contains((LogLevel.Information, "test_cont: loading.. done"), logger.Lines);
            Assert.Contains((LogLevel.Warning, "test_cont: first warning"), logger.Lines);
            Assert.Contains((LogLevel.Warning, "second line"), logger.Lines);
            Assert.Contains((LogLevel.Error, "test_cont: broken"), logger.Lines);
            IReadOnlyList<string> kept = NativeLog.LinesSince(mark);
            Assert.Contains("test_cont: broken", kept);
            Assert.DoesNotContain("test_cont: loading.. done", kept);
        }
        finally
        {
            NativeLog.Logger = previous;
        }
    }

    [Fact]
    public void Only_the_last_lines_are_kept()
    {
        for (int i = 0; i < NativeLog.RecentCapacity + 5; i++)
        {
            NativeLog.Write(GgmlLogLevel.Warn, $"test_ring {i}\n");
        }
        IReadOnlyList<string> recent = NativeLog.RecentLines();
        Assert.Equal(NativeLog.RecentCapacity, recent.Count);
        Assert.Equal($"test_ring {NativeLog.RecentCapacity + 4}", recent[^1]);
    }

    [Fact]
    public void Logger_factory_given_to_Initialize_receives_the_model_load_log()
    {
        var factory = new CapturingLoggerFactory();
        ILogger? previous = NativeLog.Logger;
        try
        {
            NativeRuntime.Initialize(NativeRuntimeFixture.Options with { LoggerFactory = factory });
            using SafeLlamaModelHandle model = LlamaModelLoader.LoadVocabularyOnly(TestPaths.Vocab("bert-bge"));
        }
        finally
        {
            NativeLog.Logger = previous;
        }
        Assert.Equal(NativeLog.Category, factory.Category);
        Assert.Contains(factory.Logger.Lines, l => l.Level == LogLevel.Information && l.Line.Contains("llama_model_loader", StringComparison.Ordinal));
    }

    [Fact]
    public void Levels_map_to_logging_levels()
    {
        Assert.Equal(LogLevel.Debug, NativeLog.Map(GgmlLogLevel.Debug));
        Assert.Equal(LogLevel.Information, NativeLog.Map(GgmlLogLevel.Info));
        Assert.Equal(LogLevel.Information, NativeLog.Map(GgmlLogLevel.None));
        Assert.Equal(LogLevel.Warning, NativeLog.Map(GgmlLogLevel.Warn));
        Assert.Equal(LogLevel.Error, NativeLog.Map(GgmlLogLevel.Error));
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public CapturingLogger Logger { get; } = new();

        public string? Category { get; private set; }

        public ILogger CreateLogger(string categoryName)
        {
            Category = categoryName;
            return Logger;
        }

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Line)> _lines = new();

        public IReadOnlyCollection<(LogLevel Level, string Line)> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
