using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

public class IcePriorityTests
{
    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)]
    [InlineData(IceCandidateType.Host, 65535, 2, 2130706430u)]
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [InlineData(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [InlineData(IceCandidateType.Relayed, 0, 1, 255u)]
    public void ForCandidate_Rfc8445Formula_MatchesHandComputedValue(IceCandidateType type, int localPreference, int component, uint expected)
    {
        Assert.Equal(expected, IcePriority.ForCandidate(type, (ushort)localPreference, component));
    }

    [Fact]
    public void ForPair_ControllingHigher_AddsOneAndIsSymmetricOtherwise()
    {
        // RFC 8445 §6.1.2.3 with G = 10, D = 7: 2^32*7 + 2*10 + 1.
        Assert.Equal((7ul << 32) + 21, IcePriority.ForPair(10, 7));
        Assert.Equal((7ul << 32) + 20, IcePriority.ForPair(7, 10));
        Assert.True(IcePriority.ForPair(10, 7) > IcePriority.ForPair(7, 10));
    }

    [Fact]
    public void ForPair_BothAgents_ComputeSameValueForSamePair()
    {
        var local = IcePriority.ForCandidate(IceCandidateType.Host, 65535, 1);
        var remote = IcePriority.ForCandidate(IceCandidateType.ServerReflexive, 40000, 1);

        // The controlling agent sees (local, remote), the controlled one (remote as G, local as D).
        Assert.Equal(IcePriority.ForPair(local, remote), IcePriority.ForPair(local, remote));
        Assert.NotEqual(IcePriority.ForPair(local, remote), IcePriority.ForPair(remote, local));
    }

    [Fact]
    public void Compute_SameInputs_SameFoundationAndDifferentForDifferentBase()
    {
        var a = IceFoundation.Compute(IceCandidateType.Host, IPAddress.Parse("10.0.0.1"), IceProtocol.Udp);
        var b = IceFoundation.Compute(IceCandidateType.Host, IPAddress.Parse("10.0.0.1"), IceProtocol.Udp);
        var c = IceFoundation.Compute(IceCandidateType.Host, IPAddress.Parse("10.0.0.2"), IceProtocol.Udp);
        var d = IceFoundation.Compute(IceCandidateType.ServerReflexive, IPAddress.Parse("10.0.0.1"), IceProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 3478));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.InRange(a.Length, 1, 32);
        Assert.All(a, ch => Assert.True(char.IsAsciiDigit(ch)));
    }
}
