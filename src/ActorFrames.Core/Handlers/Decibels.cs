namespace ActorFrames.Handlers;

/// <summary>Conversions to decibels relative to full scale (an amplitude of 1).</summary>
internal static class Decibels
{
    /// <summary>Converts an amplitude (RMS or peak) to dBFS: 20·log10(a); 0 gives negative infinity.</summary>
    /// <param name="amplitude">The amplitude, 0 or more.</param>
    /// <returns>The level in dBFS.</returns>
    public static double FromAmplitude(double amplitude) => 20.0 * Math.Log10(amplitude);

    /// <summary>Converts a power (a mean square) to dBFS: 10·log10(p); 0 gives negative infinity.</summary>
    /// <param name="power">The power, 0 or more.</param>
    /// <returns>The level in dBFS.</returns>
    public static double FromPower(double power) => 10.0 * Math.Log10(power);
}
