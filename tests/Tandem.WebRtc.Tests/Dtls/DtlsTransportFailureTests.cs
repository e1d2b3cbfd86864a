using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsTransportFailureTests
{
    [Fact]
    public async Task ConnectAsync_ClientExpectsOtherFingerprint_BothFail()
    {
        await using var pair = new DtlsTestPair();
        DtlsFingerprint wrong = DtlsCertificate.Generate("impostor").Fingerprint;

        Task client = pair.Client.ConnectAsync(wrong);
        Task server = pair.Server.ConnectAsync(DtlsTestPair.ClientCertificate.Fingerprint);

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestPair.Guard));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestPair.Guard));
        Assert.Contains("fingerprint", clientError.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DtlsState.Failed, pair.Client.State);
        Assert.Equal(DtlsState.Failed, pair.Server.State);
        Assert.Null(pair.Client.SrtpKeys);
    }

    [Fact]
    public async Task ConnectAsync_ServerExpectsOtherFingerprint_BothFail()
    {
        await using var pair = new DtlsTestPair();
        DtlsFingerprint wrong = DtlsCertificate.Generate("impostor").Fingerprint;

        Task client = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);
        Task server = pair.Server.ConnectAsync(wrong);

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestPair.Guard));
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestPair.Guard));
        Assert.Contains("bad_certificate", clientError.Message, StringComparison.Ordinal);
        Assert.Equal(clientError.Message, pair.Client.FailureReason);
        Assert.Contains("fingerprint", serverError.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fingerprint", pair.Server.FailureReason!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DtlsState.Failed, pair.Client.State);
    }

    [Fact]
    public async Task ConnectAsync_FirstClientHelloLost_Retransmitted()
    {
        await using var pair = new DtlsTestPair();
        int clientHellos = 0;
        pair.ClientEnd.DropFilter = d => DtlsTestPair.IsClientHello(d) && Interlocked.Increment(ref clientHellos) == 1;

        await pair.ConnectAsync();

        Assert.True(Volatile.Read(ref clientHellos) >= 2);
        Assert.Equal(DtlsState.Connected, pair.Client.State);
        Assert.Equal(DtlsState.Connected, pair.Server.State);
    }

    [Fact]
    public async Task ConnectAsync_ServerFinalFlightLost_ResentFromReceiveLoop()
    {
        await using var pair = new DtlsTestPair();
        int serverChangeCipherSpecs = 0;
        // RFC 6347 §4.2.4: the server's last flight (ChangeCipherSpec, Finished) is resent when the client
        // retransmits its own, which the server, already connected, handles on its receive thread.
        pair.ServerEnd.DropFilter = d => d.Span[0] == 20 && Interlocked.Increment(ref serverChangeCipherSpecs) == 1;
        Task<byte[]> atClient = DtlsTestPair.NextReceived(pair.Client);

        await pair.ConnectAsync();
        await pair.Server.SendAsync("after recovery"u8.ToArray());

        Assert.Equal("after recovery"u8.ToArray(), await atClient.WaitAsync(DtlsTestPair.Guard));
        Assert.True(Volatile.Read(ref serverChangeCipherSpecs) >= 2);
    }

    [Fact]
    public async Task ConnectAsync_GarbageDatagrams_IgnoredAndStillConnects()
    {
        await using var pair = new DtlsTestPair();
        var random = new Random(1234);
        Task client = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);
        Task server = pair.Server.ConnectAsync(DtlsTestPair.ClientCertificate.Fingerprint);

        foreach (byte first in new byte[] { 0, 1, 20, 21, 22, 23, 63, 128, 255 })
        {
            foreach (int length in new[] { 1, 5, 13, 14, 40, 300 })
            {
                byte[] junk = new byte[length];
                random.NextBytes(junk);
                junk[0] = first;
                await pair.ClientEnd.SendAsync(junk);
                await pair.ServerEnd.SendAsync(junk);
            }
        }

        await Task.WhenAll(client, server).WaitAsync(DtlsTestPair.Guard);
        Assert.Equal(DtlsState.Connected, pair.Client.State);
        Assert.True(pair.Server.DroppedDatagrams > 0);
    }

    [Fact]
    public async Task Receive_GarbageAfterConnect_IgnoredAndDataStillFlows()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        var random = new Random(99);
        byte[] fakeRecord = new byte[60];
        random.NextBytes(fakeRecord);
        // A plausible application_data record header in epoch 1 with a corrupt body (bad_record_mac).
        byte[] header = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 50, 0, 47];
        header.CopyTo(fakeRecord, 0);
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);

        await pair.ClientEnd.SendAsync(fakeRecord);
        await pair.ClientEnd.SendAsync(new byte[] { 23, 1, 2 });
        await pair.Client.SendAsync("still here"u8.ToArray());

        Assert.Equal("still here"u8.ToArray(), await atServer.WaitAsync(DtlsTestPair.Guard));
        Assert.Equal(DtlsState.Connected, pair.Server.State);
    }

    [Fact]
    public async Task CloseAsync_Connected_PeerSeesClosed()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        Task serverClosed = DtlsTestPair.WhenState(pair.Server, DtlsState.Closed);

        await pair.Client.CloseAsync();

        await serverClosed.WaitAsync(DtlsTestPair.Guard);
        Assert.Equal(DtlsState.Closed, pair.Client.State);
        Assert.Equal(DtlsState.Closed, pair.Server.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Client.SendAsync(new byte[1]).AsTask());
    }

    [Fact]
    public async Task ConnectAsync_Cancelled_ThrowsAndFails()
    {
        await using var pair = new DtlsTestPair();
        using var cancel = new CancellationTokenSource();
        pair.ClientEnd.DropFilter = _ => true;
        Task client = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitAsync(DtlsTestPair.Guard));
        Assert.Equal(DtlsState.Failed, pair.Client.State);
    }

    [Fact]
    public async Task CloseAsync_DuringHandshake_ConnectFailsAndStateClosed()
    {
        await using var pair = new DtlsTestPair();
        var helloSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.ClientEnd.DropFilter = d =>
        {
            helloSent.TrySetResult();
            return true;
        };
        Task client = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);
        await helloSent.Task.WaitAsync(DtlsTestPair.Guard);

        await pair.Client.CloseAsync();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestPair.Guard));
        Assert.Contains("closed", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DtlsState.Closed, pair.Client.State);
    }

    [Fact]
    public async Task ConnectAsync_ServerStartsAfterClientHelloQueued_Completes()
    {
        await using var pair = new DtlsTestPair();
        var helloSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.ClientEnd.DropFilter = d =>
        {
            if (DtlsTestPair.IsClientHello(d))
            {
                helloSent.TrySetResult();
            }

            return false;
        };
        var states = new List<DtlsState>();
        pair.Server.StateChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }
        };
        Task client = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);
        await helloSent.Task.WaitAsync(DtlsTestPair.Guard);

        await pair.Server.ConnectAsync(DtlsTestPair.ClientCertificate.Fingerprint).WaitAsync(DtlsTestPair.Guard);
        await client.WaitAsync(DtlsTestPair.Guard);

        lock (states)
        {
            Assert.Equal([DtlsState.Connecting, DtlsState.Connected], states);
        }
    }

    [Fact]
    public async Task ConnectAsync_PeerSilent_TimesOutAndFails()
    {
        var (end, _) = Tandem.WebRtc.Transports.DatagramPipe.CreatePair();
        var options = new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300), InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };
        await using var client = new DtlsTransport(end, DtlsRole.Client, DtlsTestPair.ClientCertificate, options);

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint).WaitAsync(DtlsTestPair.Guard));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Equal(DtlsState.Failed, client.State);
        Assert.Equal(error.Message, client.FailureReason);
    }

    [Fact]
    public async Task Received_HandlerThrows_TransportFailsVisibly()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        Task failed = DtlsTestPair.WhenState(pair.Server, DtlsState.Failed);
        pair.Server.Received += _ => throw new InvalidOperationException("upper layer bug");

        await pair.Client.SendAsync(new byte[] { 1 });

        await failed.WaitAsync(DtlsTestPair.Guard);
        Assert.Contains("upper layer bug", pair.Server.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_CalledTwiceDuringHandshake_Throws()
    {
        await using var pair = new DtlsTestPair();
        // The server never starts, so the first handshake is still running when the second call comes.
        Task first = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint));

        Assert.Contains("Connecting", error.Message, StringComparison.Ordinal);
        Assert.Equal(DtlsState.Connecting, pair.Client.State);
        await pair.Client.CloseAsync();
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => first.WaitAsync(DtlsTestPair.Guard));
    }

    [Fact]
    public async Task ConnectAsync_CalledAgainAfterHandshakeFinished_ThrowsAndStaysConnected()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        var states = new List<DtlsState>();
        pair.Client.StateChanged += states.Add;

        // Throws at once: a second handshake would never be answered (the peer is connected) and time out.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint));
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);
        await pair.Client.SendAsync("still connected"u8.ToArray());

        Assert.Contains("Connected", error.Message, StringComparison.Ordinal);
        Assert.Equal(DtlsState.Connected, pair.Client.State);
        Assert.Empty(states);
        Assert.Equal("still connected"u8.ToArray(), await atServer.WaitAsync(DtlsTestPair.Guard));
    }
}
