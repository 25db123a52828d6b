using LlamaEmbed.Conversion;
using Xunit;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>Runs <see cref="GgufConverter.Convert"/> with the test's cancellation token.</summary>
public static class TestConvert
{
    public static ConversionResult Run(string directory, string output, ConversionOptions options) =>
        GgufConverter.Convert(directory, output, options, progress: null, TestContext.Current.CancellationToken);
}
