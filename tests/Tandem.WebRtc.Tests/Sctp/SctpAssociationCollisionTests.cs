using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

/// <summary>
/// INIT before <see cref="SctpAssociation.Connect"/> and INIT collisions (RFC 9260 §5.2): whatever the order
/// in which the two sides start and their packets arrive, both end up in one association (issue 12).
/// </summary>
public sealed class SctpAssociationCollisionTests
{
    /// <summary>How the scripted peer B starts SCTP.</summary>
    public enum PeerStyle
    {
        /// <summary>Sends INIT and answers INIT in any state, as we and libwebrtc do.</summary>
        Symmetric,

        /// <summary>Sends INIT and never answers one (aiortc as the ICE-controlling side).</summary>
        InitiatorOnly,

        /// <summary>Never sends INIT, only answers (aiortc as the ICE-controlled side).</summary>
        ResponderOnly,
    }

    [Fact]
    public void Connect_AfterPeerInitWasAnsweredWhileClosed_PeerIgnoresOurInit_Establishes()
    {
        using var net = new SctpTestNetwork();
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.Init);

        // The peer's INIT arrives right after DTLS, before our Connect(): answered while CLOSED.
        net.B.Connect();
        Assert.True(net.EndA.DeliverOne());
        Assert.Single(net.EndA.Sent, d => SctpPacketInspector.Contains(d, SctpChunkType.InitAck));
        net.A.Connect();

        // Our INIT goes unanswered; the peer's COOKIE ECHO carries the tag of our INIT ACK and must still match.
        var ok = net.RunUntil(() => net.A.State == SctpAssociationState.Established && net.B.State == SctpAssociationState.Established, TimeSpan.FromSeconds(5));

        Assert.True(ok, $"A {net.A.State}, B {net.B.State}");
        Assert.Equal(InitiateTag(net.EndA.Sent, SctpChunkType.Init), InitiateTag(net.EndA.Sent, SctpChunkType.InitAck));
        AssertMessagesFlow(net);
    }

    [Fact]
    public void Init_InCookieWait_AnsweredWithOurOriginalTagAndStateKept()
    {
        using var net = new SctpTestNetwork();
        net.A.Connect();
        net.B.Connect();

        // RFC 9260 §5.2.1: the INIT ACK repeats our INIT's parameters; we stay in COOKIE-WAIT with T1 running.
        Assert.True(net.EndA.DeliverOne());

        Assert.Equal(SctpAssociationState.CookieWait, net.A.State);
        Assert.Equal(InitiateTag(net.EndA.Sent, SctpChunkType.Init), InitiateTag(net.EndA.Sent, SctpChunkType.InitAck));
        Assert.Equal(InitialTsn(net.EndA.Sent, SctpChunkType.Init), InitialTsn(net.EndA.Sent, SctpChunkType.InitAck));
    }

    [Theory]
    [InlineData(PeerStyle.Symmetric)]
    [InlineData(PeerStyle.InitiatorOnly)]
    [InlineData(PeerStyle.ResponderOnly)]
    public void Handshake_AnyStartOrderDeliveryOrderAndLoss_BothEstablishOnce(PeerStyle style)
    {
        for (var seed = 0; seed < 60; seed++)
        {
            RunShuffledHandshake(style, seed);
        }
    }

    private static void RunShuffledHandshake(PeerStyle style, int seed)
    {
        var random = new Random(seed);
        using var net = new SctpTestNetwork();
        var held = new List<(bool ToB, byte[] Datagram)>();
        var releasing = false;
        net.EndA.DropFilter = d => Hold(held, ref releasing, toB: true, d, style == PeerStyle.InitiatorOnly && SctpPacketInspector.Contains(d, SctpChunkType.Init));
        net.EndB.DropFilter = d => Hold(held, ref releasing, toB: false, d, dropped: false);
        var established = 0;
        net.A.Established += () => established++;
        net.B.Established += () => established++;
        var aStartsAt = random.Next(0, 4);
        if (style != PeerStyle.ResponderOnly)
        {
            net.B.Connect();
        }

        for (var step = 0; step < 400 && !(net.A.State == SctpAssociationState.Established && net.B.State == SctpAssociationState.Established); step++)
        {
            if (step == aStartsAt)
            {
                net.A.Connect();
            }

            if (held.Count == 0)
            {
                net.Time.Advance(TimeSpan.FromMilliseconds(250));
                continue;
            }

            // Any datagram in flight may be next; a few are lost (the timers resend them).
            var index = random.Next(held.Count);
            var (toB, datagram) = held[index];
            held.RemoveAt(index);
            if (random.Next(10) == 0)
            {
                continue;
            }

            releasing = true;
            (toB ? net.EndA : net.EndB).SendAsync(datagram);
            releasing = false;
            net.Pump();
        }

        Assert.True(net.A.State == SctpAssociationState.Established && net.B.State == SctpAssociationState.Established, $"seed {seed}: A {net.A.State}, B {net.B.State}");
        Assert.Equal(2, established);
        net.EndA.DropFilter = style == PeerStyle.InitiatorOnly ? d => SctpPacketInspector.Contains(d, SctpChunkType.Init) : null;
        net.EndB.DropFilter = null;
        foreach (var (toB, datagram) in held)
        {
            (toB ? net.EndA : net.EndB).SendAsync(datagram);
        }

        AssertMessagesFlow(net);
    }

    /// <summary>Keeps an outgoing datagram in flight for the shuffling loop (true drops it from the FIFO).</summary>
    private static bool Hold(List<(bool, byte[])> held, ref bool releasing, bool toB, byte[] datagram, bool dropped)
    {
        if (releasing)
        {
            return false;
        }

        if (!dropped)
        {
            held.Add((toB, datagram));
        }

        return true;
    }

    private static void AssertMessagesFlow(SctpTestNetwork net)
    {
        var atA = new List<SctpMessage>();
        var atB = new List<SctpMessage>();
        net.A.MessageReceived += atA.Add;
        net.B.MessageReceived += atB.Add;

        net.A.Send(1, 51, "from A"u8);
        net.B.Send(2, 51, "from B"u8);
        net.RunUntil(() => atA.Count == 1 && atB.Count == 1, TimeSpan.FromSeconds(5));

        Assert.Equal("from B"u8.ToArray(), Assert.Single(atA).Data);
        Assert.Equal("from A"u8.ToArray(), Assert.Single(atB).Data);
        Assert.Equal(SctpAssociationState.Established, net.A.State);
        Assert.Equal(SctpAssociationState.Established, net.B.State);
    }

    private static uint InitiateTag(IEnumerable<byte[]> sent, SctpChunkType type) => Read(sent, type).Tag;

    private static uint InitialTsn(IEnumerable<byte[]> sent, SctpChunkType type) => Read(sent, type).Tsn;

    /// <summary>Initiate Tag and Initial TSN of the first INIT or INIT ACK in <paramref name="sent"/>.</summary>
    private static (uint Tag, uint Tsn) Read(IEnumerable<byte[]> sent, SctpChunkType type)
    {
        foreach (var datagram in sent)
        {
            if (!SctpPacket.TryParse(datagram, out var packet))
            {
                continue;
            }

            foreach (var chunk in packet.GetChunks())
            {
                if (chunk.Type == type && type == SctpChunkType.Init && SctpInitChunk.TryParse(chunk.Raw, out var init))
                {
                    return (init.InitiateTag, init.InitialTsn);
                }

                if (chunk.Type == type && type == SctpChunkType.InitAck && SctpInitAckChunk.TryParse(chunk.Raw, out var initAck))
                {
                    return (initAck.InitiateTag, initAck.InitialTsn);
                }
            }
        }

        throw new InvalidOperationException($"no {type} sent");
    }
}
