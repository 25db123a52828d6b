using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using LlamaEmbed.Quantization;
using Xunit;

namespace LlamaEmbed.Tests.Kernels;

/// <summary>Our type table and scalar conversions against libggml-base's.</summary>
public unsafe class NativeTypeTableTests
{
    [Fact]
    public void GgmlTypeInfo_matches_ggml_for_every_type_id()
    {
        NativeGgml.EnsureLoaded();
        for (int id = 0; id < GgmlTypeInfo.TypeCount; id++)
        {
            var type = (GgmlType)id;
            long nativeBlock = NativeMethods.ggml_blck_size(id);
            if (nativeBlock == 0)
            {
                Assert.False(GgmlTypeInfo.IsKnown(type), $"id {id} is removed in ggml but known to GgmlTypeInfo");
                continue;
            }
            string name = Marshal.PtrToStringUTF8((nint)NativeMethods.ggml_type_name(id))!;
            Assert.True(GgmlTypeInfo.IsKnown(type), $"ggml knows id {id} ({name})");
            Assert.Equal(nativeBlock, GgmlTypeInfo.BlockSize(type));
            Assert.Equal((long)NativeMethods.ggml_type_size(id), GgmlTypeInfo.BlockBytes(type));
            Assert.Equal(name, type.ToString(), ignoreCase: true);
        }
    }

    [Fact]
    public void Fp16_and_bf16_rounding_match_ggml_on_edge_values()
    {
        NativeGgml.EnsureLoaded();
        var values = new List<float>
        {
            0f, -0f, 1f, -1f, 65504f, 65519.99f, 65520f, -65520f, 1e30f, float.MaxValue, float.PositiveInfinity,
            float.NegativeInfinity, float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(0x7FA0_0001), 6.1035156e-5f,
            5.9604645e-8f, 2.9802322e-8f, 2.9802326e-8f, 8.940697e-8f, 1e-40f, float.Epsilon, 1.00048828125f,
            1.000244140625f, 1.000732421875f, 3.0517578e-5f,
        };
        var random = new Random(5);
        for (int i = 0; i < 200_000; i++)
        {
            values.Add(BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31)));
        }

        foreach (float v in values)
        {
            Assert.Equal(NativeMethods.ggml_fp32_to_fp16(v), ScalarBits.ToHalfBits(v));
            Assert.Equal(NativeMethods.ggml_fp32_to_bf16(v), ScalarBits.ToBFloat16Bits(v));
            ushort h = ScalarBits.ToHalfBits(v);
            float widened = NativeMethods.ggml_fp16_to_fp32(h);
            Assert.True(float.IsNaN(widened) ? float.IsNaN(ScalarBits.FromHalfBits(h)) : widened.Equals(ScalarBits.FromHalfBits(h)));
        }
    }
}
