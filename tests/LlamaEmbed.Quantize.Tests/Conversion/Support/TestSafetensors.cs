using System.Buffers.Binary;
using System.Text;
using LlamaEmbed.Conversion;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>A tensor to write: name, dtype, PyTorch shape and float values (already rounded to the dtype).</summary>
public sealed record TestTensor(string Name, SafetensorsDType DType, long[] Shape, float[] Values);

/// <summary>Writes safetensors files for tests: valid ones from <see cref="TestTensor"/>s, and raw headers for hostile cases.</summary>
public static class TestSafetensors
{
    public static void Write(string path, IEnumerable<TestTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, [.. tensors.Select(t => new SafetensorsEntry(t.Name, t.DType, t.Shape, (first, destination) => t.Values.AsSpan((int)first, destination.Length).CopyTo(destination)))], metadata);

    /// <summary>Writes an 8-byte length, a header string and a data section as given (for malformed-file tests).</summary>
    public static void WriteRaw(string path, ulong declaredHeaderLength, string header, int dataBytes)
    {
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, declaredHeaderLength);
        stream.Write(length);
        stream.Write(Encoding.UTF8.GetBytes(header));
        stream.Write(new byte[dataBytes]);
    }
}
