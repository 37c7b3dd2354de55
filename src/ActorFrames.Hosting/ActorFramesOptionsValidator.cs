using System.Globalization;
using ActorFrames.Workers;
using Microsoft.Extensions.Options;

namespace ActorFrames.Hosting;

/// <summary>
/// Checks <see cref="ActorFramesOptions"/> at start. Every failure names the configuration key, the value
/// and the rule, for example <c>ActorFrames:Consumers:level:Workers = 0: ...</c>, and all failures are
/// reported at once.
/// </summary>
/// <param name="registry">When given, consumers must name a handler registered in it.</param>
public sealed class ActorFramesOptionsValidator(HandlerRegistry? registry = null) : IValidateOptions<ActorFramesOptions>
{
    private const int MaxWorkers = 1024;
    private const int MaxInFlightLimit = 65_536;

    /// <summary>Validates <paramref name="options"/>.</summary>
    /// <param name="name">The named options instance; ignored (there is one).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or every failure found.</returns>
    public ValidateOptionsResult Validate(string? name, ActorFramesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Root = ActorFramesOptions.SectionName;
        if (options.Consumers.Count == 0)
        {
            failures.Add($"{Root}:Consumers is empty: configure at least one consumer, e.g. {Root}:Consumers:level:Size = 0.5s.");
        }

        foreach (var (consumer, settings) in options.Consumers)
        {
            ValidateConsumer($"{Root}:Consumers:{consumer}", consumer, settings, failures);
        }

        ValidateSource($"{Root}:Source", options.Source, failures);
        if (string.IsNullOrWhiteSpace(options.OutputFolder) || options.OutputFolder.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{Root}:OutputFolder = '{options.OutputFolder}': must be a folder path (not empty, no invalid path characters).");
        }

        ValidateMetrics($"{Root}:Metrics", options.Metrics, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64 || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateSource(string key, SourceOptions source, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(source.Input))
        {
            failures.Add($"{key}:Input = '{source.Input}': name an input: generator, a WAV path, an ffmpeg input (file or URL), mic or -.");
        }

        if (source.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Duration = {duration}: must be positive, or unset to take all of the input."));
        }

        if (source.SampleRate is < 8_000 or > 384_000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:SampleRate = {source.SampleRate}: must be from 8000 to 384000 Hz."));
        }
    }

    private static void ValidateMetrics(string key, MetricsOptions metrics, List<string> failures)
    {
        if (metrics.OtlpEndpoint is { } endpoint && !string.IsNullOrWhiteSpace(endpoint)
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{key}:OtlpEndpoint = '{endpoint}': must be an absolute http:// or https:// URL such as http://localhost:4317, or unset.");
        }

        if (metrics.ExportInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:ExportInterval = {metrics.ExportInterval}: must be at least 100 ms."));
        }
    }

    private void ValidateConsumer(string key, string consumer, ConsumerOptions? settings, List<string> failures)
    {
        var c = CultureInfo.InvariantCulture;
        if (!IsValidName(consumer))
        {
            failures.Add($"{key}: the consumer name '{consumer}' must be 1 to 64 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit (it names files and queues).");
        }

        if (settings is null)
        {
            failures.Add($"{key} is empty: set at least {key}:Size.");
            return;
        }

        ChunkLength size = default;
        if (string.IsNullOrWhiteSpace(settings.Size))
        {
            failures.Add($"{key}:Size is not set: give {ChunkLength.Forms}.");
        }
        else if (!ChunkLength.TryParse(settings.Size, out size))
        {
            failures.Add($"{key}:Size = '{settings.Size}': expected {ChunkLength.Forms}, greater than zero.");
        }

        if (settings.Every is not null)
        {
            if (!ChunkLength.TryParse(settings.Every, out var every))
            {
                failures.Add($"{key}:Every = '{settings.Every}': expected {ChunkLength.Forms}, greater than zero, or unset.");
            }
            else if ((every.Samples > size.Samples) || (every.Duration > size.Duration))
            {
                failures.Add($"{key}:Every = '{settings.Every}': the hop must not exceed {key}:Size = '{settings.Size}' (chunks would skip data; use a sampler pause for that).");
            }
        }

        var handler = settings.Handler ?? consumer;
        if (string.IsNullOrWhiteSpace(handler))
        {
            failures.Add($"{key}:Handler = '{handler}': name a registered handler, or unset to use the consumer's name.");
        }
        else if (registry is not null && !registry.Contains(handler))
        {
            var known = new List<string>(registry.Names);
            known.Sort(StringComparer.Ordinal);
            failures.Add($"{key}:Handler = '{handler}': no handler is registered under that name; registered: {string.Join(", ", known)}.");
        }

        if (!Enum.IsDefined(settings.WorkerMode))
        {
            failures.Add($"{key}:WorkerMode = '{settings.WorkerMode}': must be Inline, Pool, Process or Cluster.");
        }

        if (settings.Workers is < 1 or > MaxWorkers)
        {
            failures.Add(string.Create(c, $"{key}:Workers = {settings.Workers}: must be from 1 to {MaxWorkers}."));
        }
        else if (settings.WorkerMode == WorkerKind.Inline && settings.Workers != 1)
        {
            failures.Add(string.Create(c, $"{key}:Workers = {settings.Workers}: the Inline worker mode runs exactly 1 worker; choose Pool, Process or Cluster for more."));
        }

        if (settings.MaxInFlight < Math.Max(1, settings.Workers) || settings.MaxInFlight > MaxInFlightLimit)
        {
            failures.Add(string.Create(c, $"{key}:MaxInFlight = {settings.MaxInFlight}: must be at least {key}:Workers ({settings.Workers}) and at most {MaxInFlightLimit}, so that every worker can be busy."));
        }

        if (!Enum.IsDefined(settings.Overflow))
        {
            failures.Add($"{key}:Overflow = '{settings.Overflow}': must be Wait or DropOldest.");
        }
        else if (settings.Overflow == OverflowPolicy.DropOldest && settings.MaxBufferedChunks < 1)
        {
            failures.Add(string.Create(c, $"{key}:MaxBufferedChunks = {settings.MaxBufferedChunks}: must be at least 1 with Overflow = DropOldest."));
        }

        if (!Enum.IsDefined(settings.Ordering))
        {
            failures.Add($"{key}:Ordering = '{settings.Ordering}': must be AsCompleted or Emission.");
        }
    }
}
