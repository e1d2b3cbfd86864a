using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// The SSRCs of the peer's video and audio on one connection, read from its stats until both are
/// known (0 until the first packet; fixed for the life of the connection), at most once per
/// <see cref="LookupEvery"/> calls and on the thread pool: callers are on the receive thread, which
/// must neither wait for the stats nor re-enter the media locks it may hold.
/// </summary>
internal sealed class RemoteSsrcs
{
    /// <summary>Calls between two stats look-ups while an SSRC is unknown.</summary>
    public const int LookupEvery = 25;

    // Receive-thread callers for video and audio may interleave; a leaf lock.
    private readonly Lock _lock = new();
    private PeerConnection? _connection;
    private uint _video;
    private uint _audio;
    private int _calls;
    private bool _lookingUp;

    public uint? Video(PeerConnection connection) => Get(connection, video: true);

    public uint? Audio(PeerConnection connection) => Get(connection, video: false);

    private uint? Get(PeerConnection connection, bool video)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(connection, _connection))
            {
                (_connection, _video, _audio, _calls) = (connection, 0, 0, 0);
            }

            if ((_video == 0 || _audio == 0) && _calls++ % LookupEvery == 0 && !_lookingUp)
            {
                _lookingUp = true;
                ThreadPool.QueueUserWorkItem(static state => state.Owner.LookUp(state.Connection), (Owner: this, Connection: connection), preferLocal: false);
            }

            var ssrc = video ? _video : _audio;
            return ssrc == 0 ? null : ssrc;
        }
    }

    private void LookUp(PeerConnection connection)
    {
        var media = connection.GetStats().Media;
        lock (_lock)
        {
            _lookingUp = false;
            if (ReferenceEquals(connection, _connection) && media is not null)
            {
                _video = media.VideoReceived?.Ssrc ?? 0;
                _audio = media.AudioReceived?.Ssrc ?? 0;
            }
        }
    }
}
