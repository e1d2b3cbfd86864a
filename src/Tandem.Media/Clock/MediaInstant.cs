namespace Tandem.Media.Clock;

/// <summary>
/// A capture instant on a <see cref="MediaClock"/>: the time elapsed since the clock started, in
/// <see cref="TimeSpan"/> ticks (100 ns). Instants from the same clock are directly comparable.
/// </summary>
/// <param name="Ticks">Ticks (100 ns) since the clock's origin.</param>
public readonly record struct MediaInstant(long Ticks) : IComparable<MediaInstant>
{
    /// <summary>The clock's origin.</summary>
    public static MediaInstant Zero => default;

    /// <summary>The time elapsed since the clock's origin.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Ticks);

    /// <summary>Creates an instant from an elapsed time since the clock's origin.</summary>
    public static MediaInstant FromElapsed(TimeSpan elapsed) => new(elapsed.Ticks);

    /// <summary>Returns this instant moved by <paramref name="offset"/>.</summary>
    public MediaInstant Add(TimeSpan offset) => new(Ticks + offset.Ticks);

    /// <inheritdoc />
    public int CompareTo(MediaInstant other) => Ticks.CompareTo(other.Ticks);

    /// <summary>Moves an instant by an offset.</summary>
    public static MediaInstant operator +(MediaInstant instant, TimeSpan offset) => instant.Add(offset);

    /// <summary>The time between two instants.</summary>
    public static TimeSpan operator -(MediaInstant left, MediaInstant right) => TimeSpan.FromTicks(left.Ticks - right.Ticks);

    /// <summary>Whether <paramref name="left"/> is earlier.</summary>
    public static bool operator <(MediaInstant left, MediaInstant right) => left.Ticks < right.Ticks;

    /// <summary>Whether <paramref name="left"/> is later.</summary>
    public static bool operator >(MediaInstant left, MediaInstant right) => left.Ticks > right.Ticks;

    /// <summary>Whether <paramref name="left"/> is earlier or equal.</summary>
    public static bool operator <=(MediaInstant left, MediaInstant right) => left.Ticks <= right.Ticks;

    /// <summary>Whether <paramref name="left"/> is later or equal.</summary>
    public static bool operator >=(MediaInstant left, MediaInstant right) => left.Ticks >= right.Ticks;
}
