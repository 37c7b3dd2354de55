using ActorFrames.Handlers;

namespace ActorFrames.Tests.Handlers;

public sealed class FftPlanTests
{
    [Fact]
    public void Forward_RandomInput_MatchesDirectDft()
    {
        const int Size = 64;
        var random = new Random(42);
        var real = new double[Size];
        var imaginary = new double[Size];
        for (var i = 0; i < Size; i++)
        {
            real[i] = random.NextDouble() - 0.5;
            imaginary[i] = random.NextDouble() - 0.5;
        }

        var expectedReal = new double[Size];
        var expectedImaginary = new double[Size];
        for (var k = 0; k < Size; k++)
        {
            for (var n = 0; n < Size; n++)
            {
                var angle = -2.0 * Math.PI * k * n / Size;
                expectedReal[k] += (real[n] * Math.Cos(angle)) - (imaginary[n] * Math.Sin(angle));
                expectedImaginary[k] += (real[n] * Math.Sin(angle)) + (imaginary[n] * Math.Cos(angle));
            }
        }

        FftPlan.For(Size).Forward(real, imaginary);

        for (var k = 0; k < Size; k++)
        {
            Assert.Equal(expectedReal[k], real[k], 9);
            Assert.Equal(expectedImaginary[k], imaginary[k], 9);
        }
    }

    [Fact]
    public void For_SameSize_ReturnsSharedPlan() => Assert.Same(FftPlan.For(256), FftPlan.For(256));

    [Fact]
    public void Forward_WrongLength_ThrowsNamingSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => FftPlan.For(16).Forward(new double[8], new double[16]));
        Assert.Contains("16", error.Message, StringComparison.Ordinal);
    }
}
