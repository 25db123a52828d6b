using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests;

/// <summary>
/// The synthetic model builder and the validator must agree: every synthetic architecture validates with no
/// problem at all. The bindings tests load the same models natively, which ties both to llama.cpp itself.
/// </summary>
public sealed class SyntheticModelValidationTests
{
    public static TheoryData<SyntheticArchitecture> Architectures() => [.. Enum.GetValues<SyntheticArchitecture>()];

    private static void AssertClean(SyntheticModelSpec spec)
    {
        byte[] bytes = SyntheticModelBuilder.ToBytes(spec);
        using GgufReader reader = GgufTestFiles.Read(bytes);
        IReadOnlyList<GgufValidationProblem> problems = GgufModelValidator.Check(reader);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(bytes, GgufRoundTripTests.Rewrite(reader));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void TinySyntheticModel_ValidatesClean(SyntheticArchitecture architecture) =>
        AssertClean(SyntheticModels.Tiny(architecture));

    [Theory]
    [MemberData(nameof(Architectures))]
    public void TinySyntheticModelVariants_ValidateClean(SyntheticArchitecture architecture) =>
        AssertClean(SyntheticModels.Tiny(architecture) with
        {
            WeightType = GgmlType.BF16,
            TiedOutput = architecture != SyntheticArchitecture.Llama,
            LayerCount = 7,
            AttentionBiases = true,
        });
}
