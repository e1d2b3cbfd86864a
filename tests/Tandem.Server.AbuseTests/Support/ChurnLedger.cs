using System.Collections.Concurrent;

namespace Tandem.Server.AbuseTests.Support;

/// <summary>
/// What the churn clients sent and received, kept across all of them: every relayed message carries
/// an id (<c>mid</c>: sending connection and sequence number), so duplicates, reordering and
/// misrouting show, and what each connection sent can be balanced against what came back.
/// </summary>
internal sealed class ChurnLedger
{
    private readonly ConcurrentDictionary<string, string> _delivered = new();
    private readonly ConcurrentDictionary<(string Sender, string Receiver), int> _lastSeq = new();
    private readonly ConcurrentDictionary<string, int> _deliveredBySender = new();
    private readonly ConcurrentQueue<string> _problems = new();

    /// <summary>Every duplicate, reordering, misrouting or unexpected error, described.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public int Delivered => _delivered.Count;

    public bool IsDelivered(string mid) => _delivered.ContainsKey(mid);

    public int DeliveredFrom(string sender) => _deliveredBySender.GetValueOrDefault(sender);

    /// <summary>A relayed message reached <paramref name="receiver"/> (a <paramref name="receiverKind"/> connection).</summary>
    public void Received(string mid, string sender, int seq, string fromKind, string toKind, string receiver, string receiverKind, string? roomId)
    {
        if (!_delivered.TryAdd(mid, receiver))
        {
            _problems.Enqueue($"{mid} delivered twice: to {_delivered[mid]} and {receiver}");
        }

        _deliveredBySender.AddOrUpdate(sender, 1, (_, n) => n + 1);
        if (fromKind == receiverKind || toKind != receiverKind || roomId != "room_churn")
        {
            _problems.Enqueue($"{mid} from a {fromKind} to a {toKind} reached {receiver}, a {receiverKind}, in {roomId}");
        }

        var last = _lastSeq.GetOrAdd((sender, receiver), -1);
        if (seq <= last)
        {
            _problems.Enqueue($"{mid} reached {receiver} after seq {last} of the same sender");
        }

        _lastSeq[(sender, receiver)] = seq;
    }

    public void Problem(string what) => _problems.Enqueue(what);
}
