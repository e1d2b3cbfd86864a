using System.Net;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>Hand-made Binding requests sent to one agent (RFC 8445 §7.3).</summary>
public class IceAgentRequestTests
{
    [Fact]
    public void Request_Valid_SignedSuccessWithXorMappedAddressAndPrflxLearned()
    {
        using var h = new IceAgentHarness();
        var (probe, answers) = Probe(h);

        Send(h, probe, h.A.LocalCredentials, w => w.AddIceControlled(1));

        var answer = Assert.Single(answers);
        Assert.True(StunMessage.TryParse(answer, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(StunCredentials.ShortTermKey(h.A.LocalCredentials.Password)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(probe.LocalEndPoint, mapped);
        Assert.Equal(IceCandidateType.PeerReflexive, Assert.Single(h.A.RemoteCandidates).Type);
        Assert.Equal(IceConnectionState.Checking, h.A.ConnectionState);
    }

    [Fact]
    public void Request_WrongPassword_Unauthorized()
    {
        using var h = new IceAgentHarness();
        var (probe, answers) = Probe(h);

        Send(h, probe, new IceCredentials(h.A.LocalCredentials.Ufrag, "wrong-password-wrong-pass"), _ => { });

        Assert.Equal(StunErrorCodes.Unauthorized, ErrorCode(Assert.Single(answers)));
        Assert.Empty(h.A.RemoteCandidates);
    }

    [Fact]
    public void Request_UnknownComprehensionRequiredAttribute_UnknownAttribute()
    {
        using var h = new IceAgentHarness();
        var (probe, answers) = Probe(h);

        Send(h, probe, h.A.LocalCredentials, w => w.AddAttribute((StunAttributeType)0x7ABC, [1, 2, 3, 4]));

        Assert.Equal(StunErrorCodes.UnknownAttribute, ErrorCode(Assert.Single(answers)));
    }

    [Fact]
    public void Request_ControllingWithSmallerTieBreaker_RoleConflict487AndRoleKept()
    {
        using var h = new IceAgentHarness();
        var (probe, answers) = Probe(h);

        Send(h, probe, h.A.LocalCredentials, w => w.AddIceControlling(0));

        Assert.Equal(StunErrorCodes.RoleConflict, ErrorCode(Assert.Single(answers)));
        Assert.Equal(IceRole.Controlling, h.A.Role);
    }

    [Fact]
    public void Request_ControllingWithLargerTieBreaker_SwitchesToControlled()
    {
        using var h = new IceAgentHarness();
        var (probe, answers) = Probe(h);

        Send(h, probe, h.A.LocalCredentials, w => w.AddIceControlling(ulong.MaxValue));

        Assert.Equal(0, ErrorCode(Assert.Single(answers)));
        Assert.Equal(IceRole.Controlled, h.A.Role);
    }

    [Fact]
    public void Request_ControlledPeerUsesCandidateBeforeOwnCheck_NominatedOnSuccess()
    {
        using var h = new IceAgentHarness(IceRole.Controlled, IceRole.Controlled);
        var (probe, answers) = Probe(h);
        h.A.SetRemoteCredentials(new IceCredentials("peer", "peer-password-0123456789"));

        var check = answers.Count;
        Send(h, probe, h.A.LocalCredentials, w => { w.AddIceControlling(5); w.AddUseCandidate(); });
        h.Run(TimeSpan.FromMilliseconds(60));

        // The triggered check (sent at once: no check went out in the last Ta) reached the probe as a request; answer it like a peer would.
        var request = answers.Skip(check).First(a => StunMessage.TryParse(a, out var m) && m.Class == StunClass.Request);
        Assert.True(StunMessage.TryParse(request, out var r));
        Assert.True(r.TryGetIceControlled(out _));
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, r.TransactionId);
        writer.AddXorMappedAddress(h.A.LocalCandidates[0].EndPoint!);
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey("peer-password-0123456789"));
        writer.AddFingerprint();
        probe.Send(writer.Written, h.A.LocalCandidates[0].EndPoint!.Serialize());
        h.Network.Flush();

        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.True(h.A.SelectedPair!.Nominated);
    }

    [Fact]
    public void Data_FromAddressThatSentAuthenticatedCheck_DeliveredBeforeOwnCheckSucceeds()
    {
        using var h = new IceAgentHarness();
        var (probe, _) = Probe(h);
        var stranger = h.Network.Bind(IPAddress.Parse("10.0.0.8"), 7001);
        var delivered = new List<byte[]>();
        h.A.Transport.Received += d => delivered.Add(d.ToArray());
        var target = h.A.LocalCandidates[0].EndPoint!.Serialize();

        stranger.Send(new byte[] { 22, 1 }, target);
        Send(h, probe, h.A.LocalCredentials, w => w.AddIceControlled(1));
        probe.Send(new byte[] { 22, 2 }, target);
        h.Network.Flush();

        Assert.Equal([new byte[] { 22, 2 }], delivered);
        Assert.Equal(1, h.A.GetStats().PacketsDropped);
    }

    private static (FakeIceSocket Probe, List<byte[]> Answers) Probe(IceAgentHarness h)
    {
        h.A.StartGathering();
        var probe = h.Network.Bind(IPAddress.Parse("10.0.0.7"), 7000);
        var answers = new List<byte[]>();
        probe.Start((_, data, _) => answers.Add(data.ToArray()));
        return (probe, answers);
    }

    private static void Send(IceAgentHarness h, FakeIceSocket probe, IceCredentials target, Action<StunMessageWriterBox> attributes)
    {
        var buffer = new byte[256];
        var box = new StunMessageWriterBox(buffer, $"{target.Ufrag}:peer");
        attributes(box);
        var length = box.Finish(StunCredentials.ShortTermKey(target.Password));
        probe.Send(buffer.AsSpan(0, length), h.A.LocalCandidates[0].EndPoint!.Serialize());
        h.Network.Flush();
    }

    private static int ErrorCode(byte[] answer)
    {
        Assert.True(StunMessage.TryParse(answer, out var message));
        return message.TryGetErrorCode(out var code, out _) ? code : 0;
    }

    /// <summary>Collects attributes for a request (a ref struct writer cannot cross a lambda).</summary>
    internal sealed class StunMessageWriterBox(byte[] buffer, string username)
    {
        private readonly List<Action<StunMessageWriterSink>> _steps = [];

        public void AddIceControlling(ulong value) => _steps.Add(s => s.Controlling = value);

        public void AddIceControlled(ulong value) => _steps.Add(s => s.Controlled = value);

        public void AddUseCandidate() => _steps.Add(s => s.UseCandidate = true);

        public void AddAttribute(StunAttributeType type, byte[] value) => _steps.Add(s => s.Extra = (type, value));

        public int Finish(byte[] key)
        {
            var sink = new StunMessageWriterSink();
            foreach (var step in _steps)
            {
                step(sink);
            }

            var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
            writer.AddUsername(username);
            writer.AddPriority(1845501695);
            if (sink.Controlling is { } controlling)
            {
                writer.AddIceControlling(controlling);
            }

            if (sink.Controlled is { } controlled)
            {
                writer.AddIceControlled(controlled);
            }

            if (sink.UseCandidate)
            {
                writer.AddUseCandidate();
            }

            if (sink.Extra is { } extra)
            {
                writer.AddAttribute(extra.Type, extra.Value);
            }

            writer.AddMessageIntegrity(key);
            writer.AddFingerprint();
            return writer.Length;
        }
    }

    internal sealed class StunMessageWriterSink
    {
        public ulong? Controlling { get; set; }

        public ulong? Controlled { get; set; }

        public bool UseCandidate { get; set; }

        public (StunAttributeType Type, byte[] Value)? Extra { get; set; }
    }
}
