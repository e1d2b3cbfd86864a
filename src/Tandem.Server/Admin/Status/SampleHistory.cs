using Tandem.Signaling.Protocol;
using Tandem.Signaling.Status;

namespace Tandem.Server.Admin.Status;

/// <summary>
/// A ring of per-second <see cref="Sample"/>s for the page's charts. Rates come from the difference
/// of the hub's running totals between two snapshots. Not thread-safe: <see cref="AdminFeed"/> locks.
/// </summary>
internal sealed class SampleHistory(int capacity)
{
    private readonly Sample[] _ring = new Sample[capacity];
    private int _start;
    private int _count;
    private StatusSnapshot? _previous;

    /// <summary>Samples kept at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>The newest sample, if any.</summary>
    public Sample? Latest => _count == 0 ? null : _ring[(_start + _count - 1) % _ring.Length];

    /// <summary>Appends the sample for <paramref name="snapshot"/>, dropping the oldest when full.</summary>
    public Sample Add(StatusSnapshot snapshot)
    {
        var totals = snapshot.Totals;
        double forwardedRate = 0, errorRate = 0;
        if (_previous is { } previous && snapshot.Time > previous.Time)
        {
            var seconds = (snapshot.Time - previous.Time).TotalSeconds;
            forwardedRate = Math.Max(0, totals.ForwardedByType.Values.Sum() - previous.Totals.ForwardedByType.Values.Sum()) / seconds;
            errorRate = Math.Max(0, Errors(totals) - Errors(previous.Totals)) / seconds;
        }

        _previous = snapshot;
        var sample = new Sample(
            snapshot.Time.ToUnixTimeMilliseconds(),
            totals.Connections,
            totals.RoomsPaired,
            totals.RoomsWaiting,
            Math.Round(forwardedRate, 2),
            Math.Round(errorRate, 2));
        if (_count < _ring.Length)
        {
            _ring[(_start + _count) % _ring.Length] = sample;
            _count++;
        }
        else
        {
            _ring[_start] = sample;
            _start = (_start + 1) % _ring.Length;
        }

        return sample;
    }

    /// <summary>
    /// Errors that mean something went wrong. 1005 (R19, R29: a room or join timeout, or a room the
    /// operator closed) is not one: a device left waiting gets it every <c>RoomTimeout</c> and joins
    /// again by itself, and the room timeouts have their own counter.
    /// </summary>
    private static long Errors(TotalsSnapshot totals) =>
        totals.ErrorsByCode.Where(e => e.Key != (int)ErrorCode.Timeout).Sum(e => e.Value);

    /// <summary>All kept samples, oldest first.</summary>
    public List<Sample> ToList()
    {
        var list = new List<Sample>(_count);
        for (var i = 0; i < _count; i++)
        {
            list.Add(_ring[(_start + i) % _ring.Length]);
        }

        return list;
    }
}
