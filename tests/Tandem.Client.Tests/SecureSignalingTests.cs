using Tandem.Client.Signaling;
using Tandem.Server.Tests.TestSupport;
using Tandem.Testing;

namespace Tandem.Client.Tests;

/// <summary>
/// <see cref="SignalingChannel"/> to a <c>wss://</c> server whose certificate comes from a test CA:
/// trusted through <see cref="SignalingChannelOptions.CertificateAuthorities"/>, refused (once, not retried)
/// when those CAs, or the system's, did not issue it.
/// </summary>
public class SecureSignalingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static Task<ServerHost> StartTlsServerAsync(TestPki pki) =>
        ServerHost.StartWithArgsAsync([$"--Signaling:Tls:CertificatePath={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.KeyPath}"]);

    [Fact]
    public async Task Wss_TestCaTrusted_BothSidesPair()
    {
        using var pki = TestPki.Create();
        await using var server = await StartTlsServerAsync(pki);
        var uri = new Uri($"wss://localhost:{server.Port}/");
        await using var glasses = new SignalingChannel(new SignalingChannelOptions { Server = uri, DeviceId = "glasses_wss1", CertificateAuthorities = [pki.Ca] });
        await using var app = new SignalingChannel(new SignalingChannelOptions { Server = uri, DeviceId = "app_wss1", CertificateAuthorities = [pki.Ca] });
        var role = new TaskCompletionSource<RoleAssignment>(TaskCreationOptions.RunContinuationsAsynchronously);
        glasses.RoleAssigned += r => role.TrySetResult(r);

        await glasses.StartAsync();
        await app.StartAsync();

        Assert.Equal("app_wss1", (await role.Task.WaitAsync(Wait)).PeerId);
    }

    [Fact]
    public async Task Wss_OtherCa_RefusedAtOnceNamingSubjectAndIssuer()
    {
        using var pki = TestPki.Create();
        using var other = TestPki.Create("other");
        await using var server = await StartTlsServerAsync(pki);

        // A clock that never moves: a retry after a refused certificate would wait on it for ever.
        var stopped = new StoppedClock();
        await using var glasses = new SignalingChannel(new SignalingChannelOptions
        {
            Server = new Uri($"wss://localhost:{server.Port}/"),
            DeviceId = "glasses_wss2",
            CertificateAuthorities = [other.Ca],
            StartAttempts = 3,
            Time = stopped,
        });

        var e = await Assert.ThrowsAsync<SignalingException>(() => glasses.StartAsync().WaitAsync(Wait));

        var untrusted = Assert.IsType<UntrustedServerCertificateException>(e.InnerException);
        Assert.Equal("CN=localhost", untrusted.Subject);
        Assert.Equal("CN=Tandem test CA", untrusted.Issuer);
        Assert.Equal($"cannot connect to wss://localhost:{server.Port}/: the server's certificate was not trusted: CN=localhost, issued by CN=Tandem test CA: its issuer is not a trusted CA", e.Message);
        Assert.Equal(SignalingState.Closed, glasses.State);
    }

    [Fact]
    public async Task Wss_NoCaGiven_SystemRootsRefuseTheTestCa()
    {
        using var pki = TestPki.Create();
        await using var server = await StartTlsServerAsync(pki);
        await using var glasses = new SignalingChannel(new SignalingChannelOptions { Server = new Uri($"wss://localhost:{server.Port}/"), DeviceId = "glasses_wss3" });

        var e = await Assert.ThrowsAsync<SignalingException>(() => glasses.StartAsync().WaitAsync(Wait));

        Assert.Equal("its issuer is not a trusted CA", Assert.IsType<UntrustedServerCertificateException>(e.InnerException).Reason);
    }

    [Fact]
    public async Task Wss_AddressNotInTheCertificate_RefusedEvenWithItsCa()
    {
        using var pki = TestPki.Create(loopbackNames: false);
        await using var server = await StartTlsServerAsync(pki);
        await using var glasses = new SignalingChannel(new SignalingChannelOptions
        {
            Server = new Uri($"wss://127.0.0.1:{server.Port}/"),
            DeviceId = "glasses_wss4",
            CertificateAuthorities = [pki.Ca],
        });

        var e = await Assert.ThrowsAsync<SignalingException>(() => glasses.StartAsync().WaitAsync(Wait));

        var untrusted = Assert.IsType<UntrustedServerCertificateException>(e.InnerException);
        Assert.Equal("CN=Tandem test server", untrusted.Subject);
        Assert.Equal("it is not made out for the host name or address in the URL", untrusted.Reason);
    }

    /// <summary>A clock whose timers never fire.</summary>
    private sealed class StoppedClock : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
