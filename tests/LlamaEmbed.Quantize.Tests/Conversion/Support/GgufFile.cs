using LlamaEmbed.Gguf;
using LlamaEmbed.Quantization;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>Reads back a converted GGUF for assertions.</summary>
public sealed class GgufFile : IDisposable
{
    private readonly GgufReader _reader;

    public GgufFile(string path) => _reader = GgufReader.Open(path);

    public GgufMetadata Metadata => _reader.Metadata;

    public IReadOnlyList<GgufTensorInfo> Tensors => _reader.Tensors;

    public GgufTensorInfo Tensor(string name) => _reader.TryGetTensor(name, out GgufTensorInfo? info) ? info : throw new KeyNotFoundException(name);

    public bool HasTensor(string name) => _reader.TryGetTensor(name, out _);

    /// <summary>A tensor's values as float, dequantizing quantized types with the managed ggml kernels.</summary>
    public float[] Floats(string name)
    {
        GgufTensorInfo info = Tensor(name);
        if (info.Type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16)
        {
            return _reader.ReadTensorAsFloat32(info);
        }
        var values = new float[info.ElementCount];
        GgmlQuantizer.Dequantize(info.Type, Bytes(name), values, (int)info.Shape[0]);
        return values;
    }

    public byte[] Bytes(string name)
    {
        GgufTensorInfo info = Tensor(name);
        var bytes = new byte[info.ByteCount];
        _reader.ReadTensorData(info, bytes);
        return bytes;
    }

    public IReadOnlyList<GgufValidationProblem> Validate() => GgufModelValidator.Check(_reader);

    public void Dispose() => _reader.Dispose();
}
