using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorFrames.RabbitMq.Connections;
using Microsoft.Extensions.Options;

namespace ActorFrames.RabbitMq;

/// <summary>Checks <see cref="RabbitMqOptions"/> at start; every message names the configuration key that is wrong.</summary>
public sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    private const string Section = RabbitMqOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!BrokerEndpoints.TryParse(options.Endpoints, out _, out var endpointError))
        {
            failures.Add($"{Section}:Endpoints: {endpointError}");
        }

        if (string.IsNullOrWhiteSpace(options.VirtualHost))
        {
            failures.Add($"{Section}:VirtualHost must not be empty (use \"/\" for the default virtual host).");
        }

        if (string.IsNullOrEmpty(options.UserName))
        {
            failures.Add($"{Section}:UserName must not be empty; set the environment variable {RabbitMqOptions.UserNameVariable}.");
        }

        if (options.Password is null)
        {
            failures.Add($"{Section}:Password must not be null; set the environment variable {RabbitMqOptions.PasswordVariable}.");
        }

        if (string.IsNullOrWhiteSpace(options.QueuePrefix) || !Topology.IsValidName(options.QueuePrefix))
        {
            failures.Add($"{Section}:QueuePrefix '{options.QueuePrefix}' must be 1 to 64 characters of letters, digits, '.', '-' or '_'.");
        }

        AddIfOutOfRange(failures, "DeliveryLimit", options.DeliveryLimit, 1, 1000);
        AddIfOutOfRange(failures, "PublishWindow", options.PublishWindow, 1, 65535);
        AddIfOutOfRange(failures, "MaxMessageBytes", options.MaxMessageBytes, 1024, 536870912);
        AddIfOutOfRange(failures, "SpoolCapacity", options.SpoolCapacity, 1, 10_000_000);
        AddIfOutOfRange(failures, "SpoolDirectoryCapacity", options.SpoolDirectoryCapacity, 0, 100_000_000);
        if (options.SpoolDirectoryCapacity > 0 && string.IsNullOrWhiteSpace(options.SpoolDirectory))
        {
            failures.Add($"{Section}:SpoolDirectory must be set when {Section}:SpoolDirectoryCapacity is {options.SpoolDirectoryCapacity}.");
        }

        if (!Enum.IsDefined(options.Overflow))
        {
            failures.Add($"{Section}:Overflow '{options.Overflow}' must be Backpressure or DropOldest.");
        }

        AddIfNotPositive(failures, "ReconnectMinDelay", options.ReconnectMinDelay);
        AddIfNotPositive(failures, "ReconnectMaxDelay", options.ReconnectMaxDelay);
        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
        {
            failures.Add($"{Section}:ReconnectMaxDelay {options.ReconnectMaxDelay} must not be shorter than {Section}:ReconnectMinDelay {options.ReconnectMinDelay}.");
        }

        AddIfNotPositive(failures, "ReplyQueueExpiry", options.ReplyQueueExpiry);
        AddIfNotPositive(failures, "BrokerHeartbeat", options.BrokerHeartbeat);
        AddIfNotPositive(failures, "ConnectionTimeout", options.ConnectionTimeout);
        if (options.Tls is null)
        {
            failures.Add($"{Section}:Tls must not be null.");
        }
        else
        {
            if (options.Tls.ClientCertificatePath is { } certificate && !File.Exists(certificate))
            {
                failures.Add($"{Section}:Tls:ClientCertificatePath '{certificate}' does not exist.");
            }

            if (options.Tls.CaCertificatePath is { } authority)
            {
                if (!File.Exists(authority))
                {
                    failures.Add($"{Section}:Tls:CaCertificatePath '{authority}' does not exist.");
                }
                else if (!IsCertificate(authority, out var problem))
                {
                    failures.Add($"{Section}:Tls:CaCertificatePath '{authority}' is not a certificate in PEM or DER: {problem}");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsCertificate(string path, out string problem)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            problem = string.Empty;
            return true;
        }
        catch (CryptographicException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">One or more settings are wrong; the message names each key.</exception>
    internal static void ThrowIfInvalid(RabbitMqOptions options)
    {
        var result = new RabbitMqOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Section, typeof(RabbitMqOptions), result.Failures);
        }
    }

    private static void AddIfOutOfRange(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} {value} must be between {min} and {max}.");
        }
    }

    private static void AddIfNotPositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} {value} must be longer than zero.");
        }
    }
}
