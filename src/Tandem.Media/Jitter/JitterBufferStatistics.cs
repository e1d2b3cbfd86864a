namespace Tandem.Media.Jitter;

/// <summary>Counters of a <see cref="JitterBuffer{T}"/> since it was created.</summary>
internal sealed record JitterBufferStatistics
{
    /// <summary>Frames accepted.</summary>
    public long Inserted { get; init; }

    /// <summary>Frames played out.</summary>
    public long Popped { get; init; }

    /// <summary>Frames rejected as duplicates.</summary>
    public long Duplicates { get; init; }

    /// <summary>Frames dropped for arriving after a later frame was played out.</summary>
    public long Late { get; init; }

    /// <summary>Sequence numbers skipped at playout.</summary>
    public long Lost { get; init; }

    /// <summary>Restarts after a sequence-number jump.</summary>
    public long Restarts { get; init; }
}
