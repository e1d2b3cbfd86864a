using System.Net;
using Tandem.Testing;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.IntegrationTests.Ice;

/// <summary>Two real <see cref="IceAgent"/>s over UDP on loopback only (127.0.0.1 / ::1).</summary>
public class IceAgentLoopbackTests
{
    public static TheoryData<string> LoopbackAddresses => ["127.0.0.1", "::1"];

    [Theory]
    [MemberData(nameof(LoopbackAddresses))]
    public async Task Connect_Loopback_ExchangesDatagramsBothWays(string address)
    {
        using var pair = new LoopbackIcePair(IPAddress.Parse(address));
        await pair.ConnectAsync();
        var atB = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atA = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.B.Transport.Received += d => atB.TrySetResult(d.ToArray());
        pair.A.Transport.Received += d => atA.TrySetResult(d.ToArray());

        await pair.A.Transport.SendAsync(new byte[] { 22, 0xFE, 0xFD, 7 });
        await pair.B.Transport.SendAsync(new byte[] { 0x80, 111, 0, 9 });

        Assert.Equal(new byte[] { 22, 0xFE, 0xFD, 7 }, await atB.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new byte[] { 0x80, 111, 0, 9 }, await atA.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(IPAddress.Parse(address), pair.A.SelectedPair!.Local.IPAddress);
        Assert.NotNull(pair.A.GetStats().ConnectedAt);
    }

    [Fact]
    public async Task RestartIce_DataFlowing_NewPairSelectedAndDataSurvives()
    {
        using var pair = new LoopbackIcePair(IPAddress.Loopback);
        await pair.ConnectAsync();
        var received = 0;
        pair.B.Transport.Received += _ => Interlocked.Increment(ref received);
        var reselected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.A.SelectedPairChanged += _ => reselected.TrySetResult();
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await pair.A.Transport.SendAsync(new byte[] { 0x80, 1, 2, 3 });
                await Task.Delay(5);
            }
        });

        await Poll.WaitUntilAsync(() => Volatile.Read(ref received) >= 10, "10 datagrams", TimeSpan.FromSeconds(20));
        var newA = pair.A.RestartIce();
        pair.B.SetRemoteCredentials(newA);
        foreach (var candidate in pair.A.LocalCandidates)
        {
            pair.B.AddRemoteCandidate(candidate);
        }

        var duringRestart = Volatile.Read(ref received);
        var newB = pair.B.RestartIce();
        pair.A.SetRemoteCredentials(newB);
        foreach (var candidate in pair.B.LocalCandidates)
        {
            pair.A.AddRemoteCandidate(candidate);
        }

        await reselected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var afterRestart = Volatile.Read(ref received);
        await Poll.WaitUntilAsync(() => Volatile.Read(ref received) >= afterRestart + 10, "10 datagrams after the restart", TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await sender;

        Assert.True(duringRestart >= 10);
        Assert.Equal(newB, pair.A.RemoteCredentials);
        Assert.Equal(IceConnectionState.Connected, pair.A.ConnectionState);
        Assert.Equal(IceConnectionState.Connected, pair.B.ConnectionState);
    }

    [Fact]
    public async Task Consent_PeerGoesSilent_DisconnectedThenFailedAndSendingStops()
    {
        var silent = false;
        using var pair = new LoopbackIcePair(IPAddress.Loopback, configure: FastConsent, outgoingFilterB: _ => Volatile.Read(ref silent));
        await pair.ConnectAsync();
        var disconnected = LoopbackIcePair.WaitForAsync(pair.A, IceConnectionState.Disconnected);
        var failed = LoopbackIcePair.WaitForAsync(pair.A, IceConnectionState.Failed);

        Volatile.Write(ref silent, true);
        await disconnected;
        await failed;
        var sent = pair.A.GetStats().PacketsSent;
        await pair.A.Transport.SendAsync(new byte[] { 0x80, 0 });

        Assert.Equal(sent, pair.A.GetStats().PacketsSent);
        Assert.True(pair.A.GetStats().PacketsDropped > 0);
    }

    [Fact]
    public async Task Consent_PeerSilentBriefly_DisconnectedThenConnectedAgain()
    {
        var silent = false;
        using var pair = new LoopbackIcePair(IPAddress.Loopback, configure: FastConsent, outgoingFilterB: _ => Volatile.Read(ref silent));
        await pair.ConnectAsync();
        var disconnected = LoopbackIcePair.WaitForAsync(pair.A, IceConnectionState.Disconnected);

        Volatile.Write(ref silent, true);
        await disconnected;
        var recovered = LoopbackIcePair.WaitForAsync(pair.A, IceConnectionState.Connected);
        Volatile.Write(ref silent, false);
        await recovered;

        // Recovery needs at least one answered consent request (possibly the one sent while silent,
        // when the peer's answer left after the silence ended).
        Assert.True(pair.A.GetStats().ConsentRequestsSent >= 1);
    }

    [Fact]
    public async Task Consent_PeerClosed_Failed()
    {
        using var pair = new LoopbackIcePair(IPAddress.Loopback, configure: FastConsent);
        await pair.ConnectAsync();
        var failed = LoopbackIcePair.WaitForAsync(pair.A, IceConnectionState.Failed);

        pair.B.Dispose();

        await failed;
        Assert.Equal(IceConnectionState.Closed, pair.B.ConnectionState);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public async Task Connect_BothSameRole_RoleConflictResolved(IceRole role)
    {
        using var pair = new LoopbackIcePair(IPAddress.Loopback, role, role);

        await pair.ConnectAsync();

        Assert.NotEqual(pair.A.Role, pair.B.Role);
        Assert.True(pair.A.SelectedPair!.Nominated);
        Assert.True(pair.B.SelectedPair!.Nominated);
    }

    private static IceAgentOptions FastConsent(IceAgentOptions options) => options with
    {
        Settings = options.Settings with
        {
            ConsentInterval = TimeSpan.FromMilliseconds(300),
            DisconnectedTimeout = TimeSpan.FromSeconds(1),
            ConsentTimeout = TimeSpan.FromSeconds(4),
        },
    };
}
