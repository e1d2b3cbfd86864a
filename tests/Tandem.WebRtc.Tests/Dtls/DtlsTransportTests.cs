using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsTransportTests
{
    [Fact]
    public async Task ConnectAsync_ClientAndServer_BothConnected()
    {
        await using var pair = new DtlsTestPair();

        await pair.ConnectAsync();

        Assert.Equal(DtlsState.Connected, pair.Client.State);
        Assert.Equal(DtlsState.Connected, pair.Server.State);
        Assert.Equal(DtlsTestPair.ServerCertificate.Fingerprint, pair.Client.RemoteFingerprint);
        Assert.Equal(DtlsTestPair.ClientCertificate.Fingerprint, pair.Server.RemoteFingerprint);
    }

    [Fact]
    public async Task ConnectAsync_OneOfSeveralFingerprintsMatches_Connects()
    {
        await using var pair = new DtlsTestPair();
        DtlsFingerprint other = DtlsCertificate.Generate("other").Fingerprint;
        DtlsFingerprint serverSha512 = DtlsFingerprint.Compute(DtlsTestPair.ServerCertificate.Der, "sha-512");

        await Task.WhenAll(
            pair.Client.ConnectAsync([other, serverSha512]),
            pair.Server.ConnectAsync([DtlsTestPair.ClientCertificate.Fingerprint])).WaitAsync(DtlsTestPair.Guard);

        Assert.Equal(serverSha512, pair.Client.RemoteFingerprint);
        Assert.Equal(DtlsState.Connected, pair.Client.State);
    }

    [Fact]
    public async Task ConnectAsync_Connected_BothExportSameSrtpKeysForAeadGcm()
    {
        await using var pair = new DtlsTestPair();

        await pair.ConnectAsync();

        DtlsSrtpKeys client = Assert.IsType<DtlsSrtpKeys>(pair.Client.SrtpKeys);
        DtlsSrtpKeys server = Assert.IsType<DtlsSrtpKeys>(pair.Server.SrtpKeys);
        Assert.Equal(DtlsSrtpProtectionProfile.AeadAes128Gcm, pair.Client.SrtpProfile);
        Assert.Equal(DtlsSrtpProtectionProfile.AeadAes128Gcm, pair.Server.SrtpProfile);
        Assert.Equal(56, client.KeyingMaterial.Length);
        Assert.Equal(client.KeyingMaterial.ToArray(), server.KeyingMaterial.ToArray());
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.LocalMasterSalt.ToArray(), server.RemoteMasterSalt.ToArray());
        Assert.NotEqual(client.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
    }

    [Fact]
    public async Task SendAsync_Connected_DataFlowsBothWays()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);
        Task<byte[]> atClient = DtlsTestPair.NextReceived(pair.Client);

        await pair.Client.SendAsync("hello server"u8.ToArray());
        await pair.Server.SendAsync("hello client"u8.ToArray());

        Assert.Equal("hello server"u8.ToArray(), await atServer.WaitAsync(DtlsTestPair.Guard));
        Assert.Equal("hello client"u8.ToArray(), await atClient.WaitAsync(DtlsTestPair.Guard));
    }

    [Fact]
    public async Task SendAsync_ConcurrentSendersBothWays_EveryDatagramArrivesIntact()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        const int PerSender = 100;
        var atServer = new System.Collections.Concurrent.ConcurrentBag<string>();
        var atClient = new System.Collections.Concurrent.ConcurrentBag<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (atServer.Count == 2 * PerSender && atClient.Count == 2 * PerSender)
            {
                done.TrySetResult();
            }
        }

        pair.Server.Received += d => { atServer.Add(System.Text.Encoding.ASCII.GetString(d)); Check(); };
        pair.Client.Received += d => { atClient.Add(System.Text.Encoding.ASCII.GetString(d)); Check(); };

        await Task.WhenAll(
            Send(pair.Client, "c1"), Send(pair.Client, "c2"), Send(pair.Server, "s1"), Send(pair.Server, "s2"));
        await done.Task.WaitAsync(DtlsTestPair.Guard);

        Assert.Equal(Expected("c1").Concat(Expected("c2")).Order(), atServer.Order());
        Assert.Equal(Expected("s1").Concat(Expected("s2")).Order(), atClient.Order());

        static IEnumerable<string> Expected(string sender) => Enumerable.Range(0, PerSender).Select(i => $"{sender}-{i}");

        static Task Send(Tandem.WebRtc.Dtls.DtlsTransport transport, string sender) => Task.Run(async () =>
        {
            foreach (string message in Expected(sender))
            {
                await transport.SendAsync(System.Text.Encoding.ASCII.GetBytes(message));
            }
        });
    }

    [Fact]
    public async Task SendAsync_Connected_PayloadIsEncryptedOnTheWire()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        byte[] secret = "a recognisable plaintext"u8.ToArray();
        var wire = new List<byte[]>();
        pair.ClientEnd.DropFilter = d =>
        {
            lock (wire)
            {
                wire.Add(d.ToArray());
            }

            return false;
        };
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);

        await pair.Client.SendAsync(secret);

        Assert.Equal(secret, await atServer.WaitAsync(DtlsTestPair.Guard));
        lock (wire)
        {
            byte[] record = Assert.Single(wire);
            Assert.Equal(23, record[0]);
            Assert.True(record.AsSpan().IndexOf(secret) < 0);
        }
    }

    [Fact]
    public async Task GetStats_AfterExchange_CountsAndNamesNegotiatedParameters()
    {
        await using var pair = new DtlsTestPair();
        Assert.Null(pair.Client.GetStats().DtlsCipher);
        await pair.ConnectAsync();
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);

        await pair.Client.SendAsync(new byte[300]);
        await atServer.WaitAsync(DtlsTestPair.Guard);

        DtlsTransportStats client = pair.Client.GetStats();
        DtlsTransportStats server = pair.Server.GetStats();
        Assert.Equal((1, 300), (client.PacketsSent, client.BytesSent));
        Assert.Equal((1, 300), (server.PacketsReceived, server.BytesReceived));
        Assert.Equal((DtlsState.Connected, DtlsRole.Server), (server.State, server.Role));
        Assert.Equal("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", client.DtlsCipher);
        Assert.Equal("AEAD_AES_128_GCM", server.SrtpCipher);
        Assert.Equal("FEFD", client.TlsVersion);
        Assert.True(client.HandshakeDuration > TimeSpan.Zero);
    }

    [Fact]
    public async Task SendAsync_TooLarge_ThrowsAndStaysConnected()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => pair.Client.SendAsync(new byte[pair.Client.MaxPayloadSize + 1]).AsTask());

        Assert.Equal(DtlsState.Connected, pair.Client.State);
        Assert.Equal(1195, pair.Client.MaxPayloadSize);
    }

    [Fact]
    public async Task SendAsync_BeforeConnect_Throws()
    {
        await using var pair = new DtlsTestPair();

        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Client.SendAsync(new byte[10]).AsTask());
    }
}
