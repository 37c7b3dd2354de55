using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>A handler registered under a name: its element type, its factory and its result codec.</summary>
internal abstract class HandlerRegistration(string name)
{
    /// <summary>Gets the name the handler is registered under.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the element type of the chunks the handler takes.</summary>
    public abstract ElementType ElementType { get; }

    /// <summary>Gets the handler's result type.</summary>
    public abstract Type ResultType { get; }

    /// <summary>
    /// Creates an instance that runs the handler on a chunk's raw bytes and writes the encoded result:
    /// what a child process or a worker node does with a chunk that crossed a boundary.
    /// </summary>
    /// <returns>A new handler instance behind the encoded interface.</returns>
    public abstract IEncodedChunkHandler CreateEncoded();
}

/// <summary>The typed registration.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class HandlerRegistration<T, TResult>(string name, Func<IChunkHandler<T, TResult>> factory, IResultCodec<TResult> codec)
    : HandlerRegistration(name)
    where T : unmanaged
{
    /// <summary>Gets the factory of handler instances (one per worker).</summary>
    public Func<IChunkHandler<T, TResult>> Factory { get; } = factory;

    /// <summary>Gets the codec of the handler's results.</summary>
    public IResultCodec<TResult> Codec { get; } = codec;

    /// <inheritdoc />
    public override ElementType ElementType { get; } = ElementTypes.Of<T>();

    /// <inheritdoc />
    public override Type ResultType => typeof(TResult);

    /// <inheritdoc />
    public override IEncodedChunkHandler CreateEncoded() => new EncodedChunkHandler<T, TResult>(Name, Factory(), Codec);
}
