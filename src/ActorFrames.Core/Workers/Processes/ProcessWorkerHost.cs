using System.Buffers;
using System.Text;

namespace ActorFrames.Workers.Processes;

/// <summary>
/// The loop a worker child runs: read a chunk request from the pipe, run the named handler from the
/// registry, write the encoded result (or the error) back, one request at a time.
/// </summary>
public static class ProcessWorkerHost
{
    /// <summary>Serves requests from <paramref name="input"/> until it ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="registry">The handlers this process can run (the same registry the origin built).</param>
    /// <param name="input">Requests from the origin (the child's standard input).</param>
    /// <param name="output">Responses to the origin (the child's standard output).</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the origin closed the pipe.</returns>
    public static async Task RunAsync(HandlerRegistry registry, Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var handlers = new Dictionary<string, IEncodedChunkHandler>(StringComparer.Ordinal);
        var request = new ArrayBufferWriter<byte>(64 * 1024);
        var result = new ArrayBufferWriter<byte>(4 * 1024);
        var response = new ArrayBufferWriter<byte>(4 * 1024);
        while (await PipeProtocol.ReadFrameAsync(input, PipeProtocol.RequestMagic, request, cancellationToken).ConfigureAwait(false))
        {
            var header = PipeProtocol.ReadRequest(request.WrittenSpan, out _);
            result.ResetWrittenCount();
            response.ResetWrittenCount();
            bool success;
            try
            {
                if (!handlers.TryGetValue(header.Handler, out var handler))
                {
                    handler = registry.Get(header.Handler).CreateEncoded();
                    handlers.Add(header.Handler, handler);
                }

                if (handler.ElementType != header.ElementType)
                {
                    throw new InvalidDataException($"Handler '{header.Handler}' takes {handler.ElementType} elements, but chunk {header.Info.Consumer}#{header.Info.Sequence} carries {header.ElementType}.");
                }

                PipeProtocol.ReadRequest(request.WrittenSpan, out var body);
                await handler.InvokeAsync(body, header.Info, result, cancellationToken).ConfigureAwait(false);
                success = true;
            }
#pragma warning disable CA1031 // The child's escalation point: a handler failure is reported to the origin, which retries or dead-letters the chunk.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                result.ResetWrittenCount();
                Encoding.UTF8.GetBytes($"{ex.GetType().Name}: {ex.Message}", result);
                success = false;
            }

            PipeProtocol.WriteResponse(response, header.RequestId, success, result.WrittenSpan);
            await output.WriteAsync(response.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
