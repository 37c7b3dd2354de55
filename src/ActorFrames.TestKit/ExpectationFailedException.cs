namespace ActorFrames.TestKit;

/// <summary>Thrown by <see cref="TestProbe"/> and <see cref="DeadLetterProbe"/> when an expectation is not met; test frameworks report it as a failure.</summary>
public sealed class ExpectationFailedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ExpectationFailedException()
        : base("An expectation of the ActorFrames TestKit failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public ExpectationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and a cause.</summary>
    /// <param name="message">What was expected and what happened.</param>
    /// <param name="innerException">The cause.</param>
    public ExpectationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
