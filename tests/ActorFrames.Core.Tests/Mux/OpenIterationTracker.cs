using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

/// <summary>Wraps sources so a test can see how many iterations of each are open at once and how often each was opened.</summary>
internal sealed class OpenIterationTracker
{
    private readonly int[] _open;
    private readonly int[] _maxOpen;
    private readonly int[] _opened;
    private readonly int _openLimit;

    public OpenIterationTracker(int streams, int openLimit = int.MaxValue)
    {
        _open = new int[streams];
        _maxOpen = new int[streams];
        _opened = new int[streams];
        _openLimit = openLimit;
    }

    public int MaxOpen(int stream) => _maxOpen[stream];

    public int Opened(int stream) => _opened[stream];

    public int TotalOpened => _opened.Sum();

    public int CurrentlyOpen => _open.Sum();

    public Streamer<T> Track<T>(int stream, Func<IEnumerable<T>> source) => new(() => Iterate(stream, source()));

    private IEnumerable<T> Iterate<T>(int stream, IEnumerable<T> source)
    {
        // The guard turns a mux that re-opens streams forever into a failure instead of a hang.
        if (TotalOpened >= _openLimit)
        {
            throw new InvalidOperationException($"More than {_openLimit} iterations were opened: the mux keeps re-activating streams instead of ending.");
        }

        _opened[stream]++;
        _open[stream]++;
        _maxOpen[stream] = Math.Max(_maxOpen[stream], _open[stream]);
        try
        {
            foreach (T item in source)
            {
                yield return item;
            }
        }
        finally
        {
            _open[stream]--;
        }
    }
}
