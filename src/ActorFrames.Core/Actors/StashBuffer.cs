namespace ActorFrames.Actors;

/// <summary>Stashed messages and the unstashed ones the actor takes before its mailbox.</summary>
internal sealed class StashBuffer
{
    private readonly List<Envelope> _stashed = [];
    private Queue<Envelope>? _unstashed;

    public bool HasUnstashed => _unstashed is { Count: > 0 };

    public void Stash(in Envelope envelope) => _stashed.Add(envelope);

    public void UnstashAll()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var next = new Queue<Envelope>(_stashed.Count + (_unstashed?.Count ?? 0));
        foreach (var envelope in _stashed)
        {
            next.Enqueue(envelope);
        }

        while (_unstashed is { Count: > 0 })
        {
            next.Enqueue(_unstashed.Dequeue());
        }

        _stashed.Clear();
        _unstashed = next;
    }

    public bool TryTake(out Envelope envelope)
    {
        if (_unstashed is { Count: > 0 })
        {
            envelope = _unstashed.Dequeue();
            return true;
        }

        envelope = default;
        return false;
    }

    public void DrainToDeadLetters(DeadLetterOffice deadLetters, IActorRef recipient)
    {
        UnstashAll();
        while (TryTake(out var envelope))
        {
            deadLetters.Publish(envelope.Message, envelope.Sender, recipient, DeadLetterReason.RecipientStopped);
        }
    }
}
