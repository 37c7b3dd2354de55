using System.Diagnostics;

namespace ActorFrames.Mux;

/// <summary>
/// The decisions of a stochastic mux, without any I/O: which stream fills a free slot and with what budget, which
/// active slot the next item comes from, when an activation is spent, which streams are pruned, and when the mux is
/// done. <see cref="StochasticMux{T}"/> drives it from an iterator; an actor can drive it one message at a time.
/// </summary>
/// <remarks>
/// <para>Driving protocol: call <see cref="TryActivateNext"/> until it returns false and open each activated
/// stream; then <see cref="NextSlot"/> names the slot to read (−1 when nothing is active: the mux is done). For
/// each item read call <see cref="RecordItem"/>; when it returns true the budget is spent, so close the stream and
/// call <see cref="Retire"/>. When a stream ends (or fails), close it and call <see cref="Retire"/>. Repeat.</para>
/// <para>Termination: an empty activation prunes its stream when <see cref="MuxPlan.PruneEmpty"/> is set; when it
/// is not, the scheduler stops activating once every live stream has had an empty activation since the last item
/// was yielded, so modes that revive or replace streams end on all-empty streams instead of spinning.</para>
/// <para>Not thread-safe: one driver at a time (an iterator or an actor).</para>
/// </remarks>
internal sealed class MuxScheduler
{
    private readonly MuxPlan _plan;
    private readonly Random _random;
    private readonly double[] _weights;
    private readonly bool[] _pruned;
    private readonly bool[] _used;
    private readonly bool[] _suspended;
    private readonly int[] _openCount;
    private readonly int[] _emptyEpoch;
    private readonly int[] _slotStream;
    private readonly long[] _slotBudget;
    private readonly long[] _slotItems;
    private readonly bool[] _slotPending;
    private readonly double[] _slotCumulative;
    private int _pendingCount;
    private int _activeSlots;
    private double _activeWeight;
    private int _liveStreams;
    private int _epoch = 1;
    private int _emptyInEpoch;
    private bool _mayActivate = true;
    private double _candidateWeight = double.NaN;

    /// <summary>Initializes a scheduler and chooses the initial active set (reported by <see cref="TryActivateNext"/>).</summary>
    /// <param name="plan">The validated settings.</param>
    /// <param name="random">The source of every random choice; seed it to replay a schedule.</param>
    public MuxScheduler(MuxPlan plan, Random random)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(random);
        _plan = plan;
        _random = random;
        int streams = plan.StreamCount;
        _weights = plan.Weights.ToArray();
        _pruned = new bool[streams];
        _used = new bool[streams];
        _suspended = new bool[streams];
        _openCount = new int[streams];
        _emptyEpoch = new int[streams];
        _slotStream = new int[plan.ActiveCount];
        _slotBudget = new long[plan.ActiveCount];
        _slotItems = new long[plan.ActiveCount];
        _slotPending = new bool[plan.ActiveCount];
        _slotCumulative = new double[plan.ActiveCount];
        Array.Fill(_slotStream, -1);

        foreach (double weight in _weights)
        {
            if (weight > 0)
            {
                _liveStreams++;
            }
        }

        // The whole initial set is chosen before any budget is drawn, so that binomial budgets see the real active
        // weight rather than a partly filled set.
        for (int slot = 0; slot < _slotStream.Length; slot++)
        {
            int stream = PickCandidate();
            if (stream < 0)
            {
                break;
            }

            Occupy(slot, stream);
            _slotPending[slot] = true;
            _pendingCount++;
        }

        for (int slot = 0; slot < _slotStream.Length; slot++)
        {
            if (_slotPending[slot])
            {
                _slotBudget[slot] = MuxBudget.Draw(_plan, _random, _weights[_slotStream[slot]], _activeWeight);
            }
        }
    }

    /// <summary>Raised when <see cref="TryActivateNext"/> hands out an activation.</summary>
    public event EventHandler<MuxActivation>? StreamActivated;

    /// <summary>Raised when <see cref="Retire"/> frees a slot.</summary>
    public event EventHandler<MuxRetirement>? StreamRetired;

    /// <summary>Gets the number of slots (the plan's active count).</summary>
    public int SlotCount => _slotStream.Length;

    /// <summary>Gets the number of occupied slots.</summary>
    public int ActiveSlots => _activeSlots;

    /// <summary>Gets the number of streams with a positive weight that have not been pruned.</summary>
    public int LiveStreams => _liveStreams;

    /// <summary>Gets the stream in <paramref name="slot"/>, or −1 when the slot is free.</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The stream index or −1.</returns>
    public int StreamInSlot(int slot) => _slotStream[slot];

    /// <summary>Tells whether <paramref name="stream"/> has been pruned.</summary>
    /// <param name="stream">The stream index.</param>
    /// <returns>True when pruned.</returns>
    public bool IsPruned(int stream) => _pruned[stream];

    /// <summary>Fills one free slot, if a stream may be activated now.</summary>
    /// <param name="activation">The slot, the stream to open in it and its budget.</param>
    /// <returns>True when the caller must open the stream; false when no slot can be filled now.</returns>
    public bool TryActivateNext(out MuxActivation activation)
    {
        if (_pendingCount > 0)
        {
            for (int slot = 0; slot < _slotPending.Length; slot++)
            {
                if (_slotPending[slot])
                {
                    _slotPending[slot] = false;
                    _pendingCount--;
                    activation = new MuxActivation(slot, _slotStream[slot], _slotBudget[slot]);
                    StreamActivated?.Invoke(this, activation);
                    return true;
                }
            }
        }

        if (!_mayActivate || _activeSlots == _slotStream.Length)
        {
            activation = default;
            return false;
        }

        int stream = AllLiveStreamsEmpty() ? -1 : PickCandidate();
        if (stream < 0)
        {
            // Nothing changes that until a slot is freed or an item arrives, so skip the search until then.
            _mayActivate = false;
            activation = default;
            return false;
        }

        int free = Array.IndexOf(_slotStream, -1);
        Occupy(free, stream);
        long budget = MuxBudget.Draw(_plan, _random, _weights[stream], _activeWeight);
        _slotBudget[free] = budget;
        activation = new MuxActivation(free, stream, budget);
        StreamActivated?.Invoke(this, activation);
        return true;
    }

    /// <summary>
    /// Fills a free slot with <paramref name="stream"/> itself, bypassing the random choice and the mode's candidate
    /// rules: for a failed source restarted after its back-off (also in <see cref="StochasticMuxMode.Exhaustive"/>
    /// mode, where the restart is a fresh iteration of a stream already used).
    /// </summary>
    /// <param name="stream">The stream index; it must not be pruned.</param>
    /// <param name="activation">The slot, the stream and its newly drawn budget.</param>
    /// <returns>True when the caller must open the stream; false when no slot is free or the stream is pruned.</returns>
    public bool TryActivate(int stream, out MuxActivation activation)
    {
        int free = Array.IndexOf(_slotStream, -1);
        if (_pendingCount > 0 || free < 0 || _pruned[stream] || _weights[stream] <= 0)
        {
            activation = default;
            return false;
        }

        Occupy(free, stream);
        long budget = MuxBudget.Draw(_plan, _random, _weights[stream], _activeWeight);
        _slotBudget[free] = budget;
        activation = new MuxActivation(free, stream, budget);
        StreamActivated?.Invoke(this, activation);
        return true;
    }

    /// <summary>Chooses the active slot the next item is read from, in proportion to the streams' weights.</summary>
    /// <returns>The slot, or −1 when no stream is active (after <see cref="TryActivateNext"/> returned false: the mux is done).</returns>
    public int NextSlot()
    {
        Debug.Assert(_pendingCount == 0, "Hand out the pending activations before sampling.");
        if (_activeSlots == 0)
        {
            return -1;
        }

        if (_slotStream.Length == 1)
        {
            return 0;
        }

        // The first slot whose cumulative weight exceeds u; a free slot adds no weight, so it is never the first.
        double[] cumulative = _slotCumulative;
        double u = _random.NextDouble() * _activeWeight;
        int low = 0;
        int high = cumulative.Length - 1;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] > u)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        // Rounding can put u at the very top; the last active slot takes it.
        while (_slotStream[low] < 0)
        {
            low--;
        }

        return low;
    }

    /// <summary>Counts an item read from <paramref name="slot"/>.</summary>
    /// <param name="slot">The slot the item came from.</param>
    /// <returns>True when the activation's budget is now spent: close the stream and <see cref="Retire"/> the slot.</returns>
    public bool RecordItem(int slot)
    {
        Debug.Assert(_slotStream[slot] >= 0, "Items come only from active slots.");
        if (_emptyInEpoch > 0)
        {
            // Data arrived, so the empty activations seen so far no longer prove that every stream is empty.
            _epoch++;
            _emptyInEpoch = 0;
            _mayActivate = true;
        }

        return ++_slotItems[slot] >= _slotBudget[slot];
    }

    /// <summary>Frees <paramref name="slot"/> after its stream was closed.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="reason">Why the stream left.</param>
    /// <returns>The retirement (also raised as <see cref="StreamRetired"/>).</returns>
    public MuxRetirement Retire(int slot, MuxRetireReason reason)
    {
        int stream = _slotStream[slot];
        if (stream < 0 || _slotPending[slot])
        {
            throw new InvalidOperationException($"Slot {slot} holds no activated stream, so it cannot be retired.");
        }

        long items = _slotItems[slot];
        _slotStream[slot] = -1;
        _activeSlots--;
        _openCount[stream]--;
        UpdateActiveWeight();
        _mayActivate = true;

        bool pruned = false;
        if (items == 0 && reason == MuxRetireReason.Exhausted)
        {
            if (_plan.PruneEmpty)
            {
                pruned = Prune(stream);
            }
            else if (_emptyEpoch[stream] != _epoch)
            {
                _emptyEpoch[stream] = _epoch;
                _emptyInEpoch++;
            }
        }

        var retirement = new MuxRetirement(slot, stream, reason, items, pruned);
        StreamRetired?.Invoke(this, retirement);
        return retirement;
    }

    /// <summary>Removes <paramref name="stream"/> from the candidates for the rest of the schedule (an open activation of it stays until retired).</summary>
    /// <param name="stream">The stream index.</param>
    /// <returns>True when the stream was live and is now pruned.</returns>
    public bool Prune(int stream)
    {
        if (_pruned[stream] || _weights[stream] <= 0)
        {
            return false;
        }

        _pruned[stream] = true;
        _liveStreams--;
        _candidateWeight = double.NaN;
        if (_emptyEpoch[stream] == _epoch && _emptyInEpoch > 0)
        {
            _emptyInEpoch--;
        }

        return true;
    }

    /// <summary>
    /// Takes <paramref name="stream"/> out of the candidates until <see cref="Resume"/>, without pruning it: for a
    /// failing source in back-off, so that other streams fill the free slots meanwhile. An open activation of it stays
    /// until retired.
    /// </summary>
    /// <param name="stream">The stream index.</param>
    public void Suspend(int stream)
    {
        _suspended[stream] = true;
        _candidateWeight = double.NaN;
    }

    /// <summary>Makes a suspended stream a candidate again.</summary>
    /// <param name="stream">The stream index.</param>
    public void Resume(int stream)
    {
        _suspended[stream] = false;
        _candidateWeight = double.NaN;
        _mayActivate = true;
    }

    private bool AllLiveStreamsEmpty() => _plan.Mode != StochasticMuxMode.Exhaustive && _emptyInEpoch >= _liveStreams;

    private bool IsCandidate(int stream)
    {
        if (_weights[stream] <= 0 || _pruned[stream] || _suspended[stream])
        {
            return false;
        }

        return _plan.Mode switch
        {
            StochasticMuxMode.SingleActive => _openCount[stream] == 0,
            StochasticMuxMode.Exhaustive => !_used[stream],
            _ => true,
        };
    }

    private int PickCandidate()
    {
        // With replacement the candidates change only when a stream is pruned, so their total is cached (NaN marks
        // it stale); in the other modes every activation and retirement changes it, so it is summed afresh.
        double total = _candidateWeight;
        if (double.IsNaN(total))
        {
            total = 0;
            for (int stream = 0; stream < _weights.Length; stream++)
            {
                if (IsCandidate(stream))
                {
                    total += _weights[stream];
                }
            }

            if (_plan.Mode == StochasticMuxMode.WithReplacement)
            {
                _candidateWeight = total;
            }
        }

        if (total <= 0)
        {
            return -1;
        }

        double remaining = _random.NextDouble() * total;
        int last = -1;
        for (int stream = 0; stream < _weights.Length; stream++)
        {
            if (!IsCandidate(stream))
            {
                continue;
            }

            last = stream;
            remaining -= _weights[stream];
            if (remaining < 0)
            {
                return stream;
            }
        }

        return last;
    }

    private void Occupy(int slot, int stream)
    {
        _slotStream[slot] = stream;
        _slotItems[slot] = 0;
        _openCount[stream]++;
        _used[stream] = true;
        _activeSlots++;
        UpdateActiveWeight();
    }

    private void UpdateActiveWeight()
    {
        double sum = 0;
        for (int slot = 0; slot < _slotStream.Length; slot++)
        {
            int stream = _slotStream[slot];
            if (stream >= 0)
            {
                sum += _weights[stream];
            }

            _slotCumulative[slot] = sum;
        }

        _activeWeight = sum;
    }
}
