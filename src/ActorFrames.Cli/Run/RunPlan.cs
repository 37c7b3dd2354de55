using ActorFrames.Hosting;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.RabbitMq;
using ActorFrames.Workers;
using ActorFrames.Workers.Processes;
using Microsoft.Extensions.Configuration;
using HostingConsumerOptions = ActorFrames.Hosting.ConsumerOptions;
using PipelineConsumerOptions = ActorFrames.Pipelines.ConsumerOptions;

namespace ActorFrames.Cli.Run;

/// <summary>The validated configuration of one <c>actorframes run</c>, turned into pipeline consumers.</summary>
internal sealed class RunPlan
{
    private RunPlan(ActorFramesOptions options, IReadOnlyList<PipelineConsumerOptions> consumers)
    {
        Options = options;
        Consumers = consumers;
    }

    /// <summary>Gets the bound options.</summary>
    public ActorFramesOptions Options { get; }

    /// <summary>Gets the pipeline consumers, in configuration order.</summary>
    public IReadOnlyList<PipelineConsumerOptions> Consumers { get; }

    /// <summary>Binds and validates the configuration; every failure names its key.</summary>
    /// <param name="configuration">The layered configuration (embedded default, file, environment, command line).</param>
    /// <param name="registry">The handlers the run can use.</param>
    /// <param name="segmentsFolder">Where the segments handler writes (passed on to worker children).</param>
    /// <param name="broker">Binds and validates the RabbitMq section (for Cluster consumers); <see langword="null"/> when it is invalid (it reported why).</param>
    /// <param name="errors">The failures, one per line, when the configuration is invalid.</param>
    /// <returns>The plan, or <see langword="null"/> with <paramref name="errors"/> set.</returns>
    public static RunPlan? TryCreate(IConfiguration configuration, HandlerRegistry registry, string segmentsFolder, Func<RabbitMqOptions?> broker, out IReadOnlyList<string> errors)
    {
        var options = new ActorFramesOptions();
        try
        {
            configuration.GetSection(ActorFramesOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            errors = [$"{ActorFramesOptions.SectionName}: {ex.Message}"];
            return null;
        }

        var result = new ActorFramesOptionsValidator(registry).Validate(null, options);
        if (result.Failed)
        {
            errors = [.. result.Failures ?? []];
            return null;
        }

        RabbitMqOptions? cluster = null;
        var consumers = new List<PipelineConsumerOptions>();
        foreach (var (name, consumer) in options.Consumers)
        {
            if (consumer.WorkerMode == WorkerKind.Cluster && (cluster ??= broker()) is null)
            {
                errors = [$"{ActorFramesOptions.SectionName}:Consumers:{name}:WorkerMode = Cluster needs a valid RabbitMq section (see above)."];
                return null;
            }

            var mode = consumer.WorkerMode switch
            {
                WorkerKind.Cluster => WorkerMode.Cluster(cluster!),
                WorkerKind.Process => WorkerMode.Process(consumer.Workers, WorkerChildOptions(segmentsFolder)),
                _ => consumer.CreateWorkerMode(),
            };
            consumers.Add(new PipelineConsumerOptions
            {
                Name = name,
                Handler = consumer.Handler ?? name,
                Mode = mode,
                MaxInFlight = consumer.MaxInFlight,
                Ordering = consumer.Ordering,
                Overflow = consumer.Overflow == OverflowPolicy.DropOldest ? ConsumerOverflow.DropOldest : ConsumerOverflow.Backpressure,
                Chunking = Chunking(consumer, options.Source.SampleRate),
            });
        }

        errors = [];
        return new RunPlan(options, consumers);
    }

    private static RechunkOptions Chunking(HostingConsumerOptions consumer, int sampleRate)
    {
        var size = ChunkLength.Parse(consumer.Size!);
        var chunking = new RechunkOptions
        {
            MaxBufferedChunks = consumer.Overflow == OverflowPolicy.DropOldest ? consumer.MaxBufferedChunks : -1,
        };
        if (size.Duration is { } duration)
        {
            chunking.Duration = duration;
        }
        else
        {
            chunking.Size = checked((int)size.ToSamples(sampleRate));
        }

        if (consumer.Every is { } every)
        {
            var hop = ChunkLength.Parse(every);
            if (hop.Duration is { } hopDuration)
            {
                chunking.HopDuration = hopDuration;
            }
            else
            {
                chunking.Hop = checked((int)hop.ToSamples(sampleRate));
            }
        }

        return chunking;
    }

    private static ProcessWorkerOptions WorkerChildOptions(string segmentsFolder)
    {
        var options = new ProcessWorkerOptions();
        options.Arguments.Add("--segments");
        options.Arguments.Add(segmentsFolder);
        return options;
    }
}
