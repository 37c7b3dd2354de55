using System.Runtime.CompilerServices;

namespace ActorFrames.Frames;

/// <summary>Maps element types to <see cref="ElementType"/> values and sizes.</summary>
public static class ElementTypes
{
    /// <summary>Gets the <see cref="ElementType"/> of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">byte, short, int, float or double.</typeparam>
    /// <returns>The element type.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is another type.</exception>
    public static ElementType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return ElementType.U8;
        }

        if (typeof(T) == typeof(short))
        {
            return ElementType.S16;
        }

        if (typeof(T) == typeof(int))
        {
            return ElementType.S32;
        }

        if (typeof(T) == typeof(float))
        {
            return ElementType.F32;
        }

        if (typeof(T) == typeof(double))
        {
            return ElementType.F64;
        }

        throw new NotSupportedException($"Element type {typeof(T).Name} is not supported: use byte, short, int, float or double.");
    }

    /// <summary>Gets the size in bytes of one element of <paramref name="type"/>.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int SizeOf(ElementType type) => type switch
    {
        ElementType.U8 => 1,
        ElementType.S16 => 2,
        ElementType.S32 => 4,
        ElementType.F32 => 4,
        ElementType.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };

    /// <summary>Whether <paramref name="type"/> describes <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type to check.</typeparam>
    /// <param name="type">The element type named by data.</param>
    /// <returns><see langword="true"/> when they match.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is<T>(ElementType type)
        where T : unmanaged => Of<T>() == type;
}
