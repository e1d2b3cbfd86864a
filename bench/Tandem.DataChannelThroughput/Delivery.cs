namespace Tandem.DataChannelThroughput;

/// <summary>
/// What a receiver saw of one transfer: message and byte counts, order and content checks, and
/// the arrival times of the first and last message in seconds on the receiver's own clock.
/// </summary>
internal sealed record Delivery(int Messages, long Bytes, int SequenceBreaks, int PatternErrors, double FirstAtSeconds, double LastAtSeconds)
{
    /// <summary>
    /// Receiver throughput from first to last byte: the bytes that arrived after the first message,
    /// over the time between the first and the last message's arrival.
    /// </summary>
    public double BytesPerSecond(int messageSize) =>
        LastAtSeconds > FirstAtSeconds ? (Bytes - messageSize) / (LastAtSeconds - FirstAtSeconds) : double.NaN;

    /// <summary>True when exactly <paramref name="count"/> messages of <paramref name="size"/> bytes arrived whole and in order.</summary>
    public bool IsComplete(int count, int size) =>
        Messages == count && Bytes == (long)count * size && SequenceBreaks == 0 && PatternErrors == 0;
}
