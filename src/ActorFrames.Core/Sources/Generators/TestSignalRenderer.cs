using System.Collections.Immutable;

namespace ActorFrames.Sources.Generators;

/// <summary>
/// Renders the test signal's samples in order. Stateful (the current section and the noise generator), so
/// one renderer serves one pass over the signal; the samples depend only on the index and the seed.
/// </summary>
internal sealed class TestSignalRenderer
{
    private readonly Section[] _sections;
    private readonly int _rate;
    private readonly Random _noise;
    private int _current;
    private long _next;

    /// <summary>Initializes a renderer at sample 0.</summary>
    /// <param name="sections">The signal's sections.</param>
    /// <param name="rate">The sample rate.</param>
    /// <param name="seed">The seed of the noise generator.</param>
    public TestSignalRenderer(ImmutableArray<TestSignalSection> sections, int rate, int seed)
    {
        _rate = rate;
        _noise = new Random(seed);
        _sections = new Section[sections.Length];
        for (var i = 0; i < sections.Length; i++)
        {
            var s = sections[i];
            var start = (long)Math.Round(s.Start.TotalSeconds * rate);
            var end = (long)Math.Round(s.End.TotalSeconds * rate);

            // An exponential sweep over the section's full nominal length L samples: f(m) = f0·e^(m/τ), τ = L / ln(f1/f0).
            var tau = s.Kind == TestSignalKind.Sweep ? (end - start) / Math.Log(s.EndFrequency / s.StartFrequency) : 0.0;
            _sections[i] = new Section(start, end, s.Kind, s.Amplitude, s.StartFrequency, tau);
        }
    }

    /// <summary>Renders the samples from <paramref name="first"/> on into <paramref name="destination"/>.</summary>
    /// <param name="first">The index of the first sample; it must follow on from the previous call.</param>
    /// <param name="destination">Where the samples go.</param>
    public void Render(long first, Span<float> destination)
    {
        if (first != _next)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, $"The test signal renders in order: the next sample is {_next}.");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var n = first + i;
            while (_current < _sections.Length - 1 && n >= _sections[_current].End)
            {
                _current++;
            }

            destination[i] = Sample(_sections[_current], n);
        }

        _next = first + destination.Length;
    }

    private float Sample(in Section section, long n)
    {
        var m = n - section.Start;
        switch (section.Kind)
        {
            case TestSignalKind.Sine:
                // Whole cycles are removed in exact arithmetic so a full-scale sine reaches exactly ±1.
                var cycles = (section.Frequency * m % _rate) / _rate;
                return (float)(section.Amplitude * Math.Sin(2.0 * Math.PI * cycles));
            case TestSignalKind.Sweep:
                var phase = section.Frequency / _rate * section.Tau * (Math.Exp(m / section.Tau) - 1.0);
                return (float)(section.Amplitude * Math.Sin(2.0 * Math.PI * (phase - Math.Floor(phase))));
            default:
                return (float)(section.Amplitude * ((2.0 * _noise.NextDouble()) - 1.0));
        }
    }

    private readonly record struct Section(long Start, long End, TestSignalKind Kind, double Amplitude, double Frequency, double Tau);
}
