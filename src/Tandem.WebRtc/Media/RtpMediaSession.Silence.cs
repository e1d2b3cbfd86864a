namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    // Shorter gaps are ordinary: a peer that gets our media sends transport-wide feedback every 50–250 ms.
    private static readonly TimeSpan NotableSilence = TimeSpan.FromMilliseconds(500);

    // When the peer was last heard (an authenticated RTP or RTCP packet); under _unprotectLock.
    private long _lastHeard;
    private bool _heardAny;

    /// <summary>
    /// Called under _unprotectLock for every authenticated datagram. After a silence of the peer — which, with
    /// transport-wide feedback negotiated, answers the media we send within a few hundred milliseconds — each stream
    /// decides whether what it sent meanwhile was lost (<see cref="RtpStreamSender.OnPeerHeardAgain"/>).
    /// </summary>
    private void NoteHeard()
    {
        var now = TimeProvider.GetTimestamp();
        if (_heardAny && _options.TransportSequenceExtensionId != 0 && TimeProvider.GetElapsedTime(_lastHeard, now) >= NotableSilence)
        {
            foreach (var sender in Volatile.Read(ref _senders))
            {
                sender.OnPeerHeardAgain(_lastHeard);
            }
        }

        _lastHeard = now;
        _heardAny = true;
    }
}
