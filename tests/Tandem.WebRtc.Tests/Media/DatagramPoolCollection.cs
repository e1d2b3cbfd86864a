namespace Tandem.WebRtc.Tests.Media;

/// <summary>
/// Tests that assert the media path allocates nothing run alone: every <c>RtpMediaSession</c> in the process
/// rents its datagrams from one pool, and a test running beside them that holds many of its buffers (a
/// pacer queue on a fake clock, a capture transport) can empty the pool's bucket, so a warm send would rent
/// a fresh array for a reason that has nothing to do with the path measured.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatagramPoolCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RtpMediaSession datagram pool";
}
