using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

public sealed class GgufRoundTripTests
{
    private static GgufMetadata EveryValueType()
    {
        var m = new GgufMetadata();
        m.Add("general.architecture", GgufValue.String("test"));
        m.Add("u8", GgufValue.UInt8(200));
        m.Add("i8", GgufValue.Int8(-100));
        m.Add("u16", GgufValue.UInt16(60000));
        m.Add("i16", GgufValue.Int16(-30000));
        m.Add("u32", GgufValue.UInt32(4_000_000_000));
        m.Add("i32", GgufValue.Int32(-2_000_000_000));
        m.Add("f32", GgufValue.Float32(3.25f));
        m.Add("bool.true", GgufValue.Bool(true));
        m.Add("bool.false", GgufValue.Bool(false));
        m.Add("string", GgufValue.String("plain"));
        m.Add("string.empty", GgufValue.String(""));
        m.Add("string.unicode", GgufValue.String("héllo ▁wörld 日本語 🦙 \u0000nul"));
        m.Add("u64", GgufValue.UInt64(ulong.MaxValue));
        m.Add("i64", GgufValue.Int64(long.MinValue));
        m.Add("f64", GgufValue.Float64(Math.PI));
        m.Add("arr.u8", GgufValue.Array(new byte[] { 1, 2, 255 }));
        m.Add("arr.i8", GgufValue.Array(new sbyte[] { -1, 0, 127 }));
        m.Add("arr.u16", GgufValue.Array(new ushort[] { 1, 65535 }));
        m.Add("arr.i16", GgufValue.Array(new short[] { -32768, 7 }));
        m.Add("arr.u32", GgufValue.Array(new uint[] { 0, uint.MaxValue }));
        m.Add("arr.i32", GgufValue.Array(new[] { int.MinValue, 5 }));
        m.Add("arr.f32", GgufValue.Array(new[] { 1.5f, float.NegativeInfinity, float.NaN }));
        m.Add("arr.bool", GgufValue.Array(new[] { true, false, true }));
        m.Add("arr.string", GgufValue.Array(new[] { "a", "", "ünï", "🦙" }));
        m.Add("arr.u64", GgufValue.Array(new ulong[] { 3, ulong.MaxValue }));
        m.Add("arr.i64", GgufValue.Array(new long[] { long.MinValue, 9 }));
        m.Add("arr.f64", GgufValue.Array(new[] { -0.0, double.Epsilon }));
        m.Add("arr.empty.u32", GgufValue.Array(Array.Empty<uint>()));
        m.Add("arr.empty.string", GgufValue.Array(Array.Empty<string>()));
        m.Add("ключ.unicode", GgufValue.UInt32(1));
        return m;
    }

    private static void AssertSameMetadata(GgufMetadata expected, GgufMetadata actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected)
        {
            Assert.True(value.Equals(actual[key]), $"key {key}: {value} != {actual[key]}");
        }
    }

    [Fact]
    public void EveryValueType_ReadsBackEqual()
    {
        GgufMetadata metadata = EveryValueType();
        byte[] bytes = GgufTestFiles.Write(metadata, []);
        using GgufReader reader = GgufTestFiles.Read(bytes);
        Assert.Equal(3u, reader.Version);
        Assert.Empty(reader.Tensors);
        Assert.Equal(bytes.Length, reader.DataOffset);
        AssertSameMetadata(metadata, reader.Metadata);
        Assert.Equal("héllo ▁wörld 日本語 🦙 \u0000nul", reader.Metadata.GetString("string.unicode"));
        Assert.Equal([1.5f, float.NegativeInfinity, float.NaN], reader.Metadata.GetArray<float>("arr.f32"));
    }

    public static TheoryData<GgmlType> AllTypes() => [.. Enum.GetValues<GgmlType>()];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void EveryTensorType_RoundTripsShapeOffsetAndBytes(GgmlType type)
    {
        int block = GgmlTypeInfo.BlockSize(type);
        (string, GgmlType, long[])[] tensors =
        [
            ("a", type, [block * 2L, 3]),
            ("b.weight", type, [block, 1, 2, 2]),
            ("c", type, [block * 3L]),
            ("empty", type, [block, 0]),
        ];
        byte[] bytes = GgufTestFiles.Write(new GgufMetadata(), tensors);
        using GgufReader reader = GgufTestFiles.Read(bytes);
        Assert.Equal(tensors.Length, reader.Tensors.Count);
        long expectedOffset = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            GgufTensorInfo info = reader.Tensors[i];
            Assert.Equal(tensors[i].Item1, info.Name);
            Assert.Equal(type, info.Type);
            Assert.Equal(tensors[i].Item3, info.Shape);
            Assert.Equal(expectedOffset, info.Offset);
            Assert.Equal(0, (reader.DataOffset + info.Offset) % 32);
            var data = new byte[info.ByteCount];
            reader.ReadTensorData(info, data);
            Assert.Equal(GgufTestFiles.Pattern(info), data);
            expectedOffset += (info.ByteCount + 31) / 32 * 32;
        }
        Assert.Equal(bytes, Rewrite(reader));
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(8u)]
    [InlineData(64u)]
    [InlineData(4096u)]
    public void CustomAlignment_PadsDataAndReadsBack(uint alignment)
    {
        var metadata = new GgufMetadata { { GgufConstants.AlignmentKey, GgufValue.UInt32(alignment) } };
        byte[] bytes = GgufTestFiles.Write(metadata, [("x", GgmlType.F16, [3]), ("y", GgmlType.I8, [5, 1]), ("z", GgmlType.F32, [2])]);
        using GgufReader reader = GgufTestFiles.Read(bytes);
        Assert.Equal((int)alignment, reader.Alignment);
        Assert.Equal(0, reader.DataOffset % alignment);
        Assert.All(reader.Tensors, t => Assert.Equal(0, t.Offset % alignment));
        Assert.Equal(bytes, Rewrite(reader));
    }

    [Fact]
    public void MemoryMappedAndStreamReaders_AgreeAndReadTensorsLazily()
    {
        byte[] bytes = GgufTestFiles.Write(EveryValueType(), [("f32", GgmlType.F32, [4, 2]), ("q8", GgmlType.Q8_0, [64])]);
        string path = Path.Combine(Path.GetTempPath(), $"gguf-rt-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, bytes);
        try
        {
            using GgufReader mapped = GgufReader.Open(path);
            using GgufReader streamed = GgufTestFiles.Read(bytes);
            AssertSameMetadata(streamed.Metadata, mapped.Metadata);
            Assert.Equal(streamed.Tensors, mapped.Tensors);
            Assert.Equal(bytes.Length, mapped.FileLength);
            Assert.True(mapped.TryGetTensor("q8", out GgufTensorInfo? q8));
            Assert.False(mapped.TryGetTensor("missing", out _));
            using Stream tensorStream = mapped.OpenTensorStream(q8);
            Assert.Equal(q8.ByteCount, tensorStream.Length);
            tensorStream.Position = 10;
            var tail = new byte[q8.ByteCount - 10];
            tensorStream.ReadExactly(tail);
            Assert.Equal(GgufTestFiles.Pattern(q8)[10..], tail);
            Assert.Equal(0, tensorStream.Read(new byte[4]));
            Assert.Equal(bytes, Rewrite(mapped));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadTensorAsFloat32_WidensF16AndBf16Exactly()
    {
        float[] values = [0f, 1f, -2.5f, 65504f, 6.1035156e-05f, float.PositiveInfinity];
        byte[] bytes = GgufTestFiles.Write(new GgufMetadata(),
            [("f32", GgmlType.F32, [6]), ("f16", GgmlType.F16, [6]), ("bf16", GgmlType.BF16, [6]), ("q", GgmlType.Q4_0, [32])],
            t => t.Type switch
            {
                GgmlType.F32 => [.. values.SelectMany(BitConverter.GetBytes)],
                GgmlType.F16 => [.. values.SelectMany(v => BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)v)))],
                GgmlType.BF16 => [.. values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)))],
                _ => GgufTestFiles.Pattern(t),
            });
        using GgufReader reader = GgufTestFiles.Read(bytes);
        Assert.Equal(values, reader.ReadTensorAsFloat32(reader.Tensors[0]));
        Assert.Equal(values, reader.ReadTensorAsFloat32(reader.Tensors[1]));
        float[] bf16 = reader.ReadTensorAsFloat32(reader.Tensors[2]);
        Assert.Equal([0f, 1f, -2.5f, 65280f, 6.1035156e-05f, float.PositiveInfinity], bf16);
        Assert.Throws<NotSupportedException>(() => reader.ReadTensorAsFloat32(reader.Tensors[3]));
    }

    [Fact]
    public void TensorFromAnotherFile_IsRejected()
    {
        byte[] bytes = GgufTestFiles.Write(new GgufMetadata(), [("a", GgmlType.F32, [4])]);
        using GgufReader reader = GgufTestFiles.Read(bytes);
        var foreign = new GgufTensorInfo("a", GgmlType.F32, [8]);
        Assert.Throws<ArgumentException>(() => reader.ReadTensorData(foreign, new byte[32]));
        Assert.Throws<ArgumentException>(() => reader.ReadTensorData(reader.Tensors[0], new byte[3]));
    }

    /// <summary>Writes the reader's metadata and tensors (data copied through tensor streams) to a new file.</summary>
    internal static byte[] Rewrite(GgufReader reader)
    {
        using var output = new MemoryStream();
        using (var writer = new GgufWriter(output, leaveOpen: true))
        {
            foreach (var (key, value) in reader.Metadata)
            {
                writer.Metadata.Add(key, value);
            }
            foreach (GgufTensorInfo tensor in reader.Tensors)
            {
                writer.AddTensor(tensor.Name, tensor.Type, [.. tensor.Shape]);
            }
            writer.WriteHeader();
            var buffer = new byte[4096];
            foreach (GgufTensorInfo tensor in reader.Tensors)
            {
                using Stream data = reader.OpenTensorStream(tensor);
                int n;
                while ((n = data.Read(buffer)) > 0)
                {
                    writer.WriteTensorData(buffer.AsSpan(0, n));
                }
            }
            writer.Complete();
        }
        return output.ToArray();
    }
}
