namespace Tandem.Media.Jitter;

/// <summary>The outcome of <see cref="JitterBuffer{T}.Insert(ushort, uint, T)"/>.</summary>
public enum JitterInsertResult
{
    /// <summary>The frame is buffered; the buffer owns it until it is popped or discarded.</summary>
    Inserted,

    /// <summary>A frame with this sequence number is already buffered; the caller keeps the item.</summary>
    Duplicate,

    /// <summary>A later frame has already been played out; the frame is dropped and the caller keeps the item.</summary>
    Late,

    /// <summary>The sequence number jumped beyond the window (sender restart): the buffer was flushed and restarted with this frame.</summary>
    Restarted,
}
