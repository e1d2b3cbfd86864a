using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

public class IceCandidateTests
{
    [Theory]
    [InlineData("candidate:842163049 1 udp 1677729535 203.0.113.9 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag abcd network-cost 999")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation 0 ufrag EsAw network-id 1")]
    [InlineData("candidate:2 1 udp 2122262783 2001:db8::5 50001 typ host")]
    [InlineData("candidate:3 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active generation 0")]
    [InlineData("candidate:4 1 udp 1845501695 198.51.100.1 3478 typ prflx raddr 0.0.0.0 rport 0")]
    [InlineData("candidate:5 1 udp 41885439 198.51.100.2 61000 typ relay raddr 203.0.113.9 rport 46154")]
    [InlineData("candidate:3034571245 1 udp 2113937151 3f2c9d51-2b84-4b5e-9ab9-1c2a7c5c8f1e.local 56789 typ host generation 0 network-cost 999")]
    public void TryParse_ValidLine_RoundTripsThroughToString(string line)
    {
        Assert.True(IceCandidate.TryParse(line, out var candidate));

        Assert.Equal(line, candidate!.ToString());
        Assert.True(IceCandidate.TryParse(candidate.ToString(), out var again));
        Assert.Equal(candidate, again);
    }

    [Fact]
    public void TryParse_ServerReflexiveWithExtensions_ReadsEveryField()
    {
        Assert.True(IceCandidate.TryParse(
            "a=candidate:842163049 1 UDP 1677729535 203.0.113.9 46154 typ srflx raddr 10.0.0.2 rport 46155 generation 2 ufrag abcd network-id 3 network-cost 10",
            out var candidate));

        Assert.Equal("842163049", candidate!.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.Equal(IceProtocol.Udp, candidate.Protocol);
        Assert.Equal(1677729535u, candidate.Priority);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 46154), candidate.EndPoint);
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal("10.0.0.2", candidate.RelatedAddress);
        Assert.Equal(46155, candidate.RelatedPort);
        Assert.Equal(2, candidate.Generation);
        Assert.Equal("abcd", candidate.Ufrag);
        Assert.Equal("3", candidate.GetExtension("network-id"));
        Assert.Equal("10", candidate.GetExtension("network-cost"));
        Assert.False(candidate.IsMdns);
    }

    [Fact]
    public void TryParse_MdnsHost_KeepsHostnameWithoutAddress()
    {
        Assert.True(IceCandidate.TryParse("candidate:1 1 udp 2113937151 a1b2c3.local 5000 typ host", out var candidate));

        Assert.True(candidate!.IsMdns);
        Assert.Null(candidate.IPAddress);
        Assert.Null(candidate.EndPoint);
        Assert.Equal("a1b2c3.local", candidate.Address);
    }

    [Fact]
    public void TryParse_TcpType_IsKeptAsExtension()
    {
        Assert.True(IceCandidate.TryParse("candidate:3 1 TCP 1518280447 192.168.1.5 9 typ host tcptype passive", out var candidate));

        Assert.Equal(IceProtocol.Tcp, candidate!.Protocol);
        Assert.Equal("passive", candidate.TcpType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 50000 typ")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 50000 type host")]
    [InlineData("candidate:1 0 udp 2122260223 192.168.1.5 50000 typ host")]
    [InlineData("candidate:1 1 sctp 2122260223 192.168.1.5 50000 typ host")]
    [InlineData("candidate:1 1 udp -5 192.168.1.5 50000 typ host")]
    [InlineData("candidate:1 1 udp 99999999999 192.168.1.5 50000 typ host")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 70000 typ host")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 50000 typ lan")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 50000 typ srflx raddr 1.2.3.4 rport x")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation")]
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host")]
    public void TryParse_Malformed_ReturnsFalse(string? line)
    {
        Assert.False(IceCandidate.TryParse(line, out var candidate));
        Assert.Null(candidate);
    }

    [Fact]
    public void TryParse_RandomTokens_NeverThrows()
    {
        var random = new Random(8839);
        string[] tokens = ["candidate:1", "1", "udp", "tcp", "typ", "host", "srflx", "raddr", "rport", "0", "65536", "::1", "x.local", "-1", "", "a=", "4294967296"];
        var parsed = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var count = random.Next(12);
            var line = string.Join(' ', Enumerable.Range(0, count).Select(_ => tokens[random.Next(tokens.Length)]));
            if (IceCandidate.TryParse(line, out var candidate))
            {
                parsed++;
                Assert.True(IceCandidate.TryParse(candidate!.ToString(), out _));
            }
        }

        Assert.True(parsed < 5_000);
    }
}
