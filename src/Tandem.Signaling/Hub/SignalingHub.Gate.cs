using System.Diagnostics;
using Tandem.Signaling.Clients;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    // Receivers Enqueue found too slow during the current operation (R34); only touched under _gate.
    private readonly List<SignalingClient> _tooSlow = [];

    /// <summary>
    /// Takes the hub's lock for an operation that may queue messages. Leaving it first finishes what
    /// the operation deferred (disconnecting receivers found too slow), so every operation leaves the
    /// state whole; debug builds then check the invariants.
    /// </summary>
    private Gate EnterGate()
    {
        _gate.Enter();
        return new Gate(this);
    }

    private void ExitGate()
    {
        try
        {
            DisconnectTooSlowReceivers();
            if (_changedRooms.Count != 0)
            {
                WriteChangedRooms();
            }

            DebugAssertInvariants();
        }
        finally
        {
            _gate.Exit();
        }
    }

    [Conditional("DEBUG")]
    private void DebugAssertInvariants()
    {
        // The queue count is left out: socket writers update it without the lock.
        var violations = CheckStructure();
        Debug.Assert(violations.Count == 0, string.Join("; ", violations));
    }

    /// <summary>The scope of <see cref="EnterGate"/>: disposing it leaves the lock.</summary>
    private readonly ref struct Gate(SignalingHub hub)
    {
        public void Dispose() => hub.ExitGate();
    }
}
