using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>
/// What an upper layer may rely on: <see cref="DtlsTransport.StateChanged"/> with Connected is raised
/// before any application record is delivered, so whatever it sets up in that handler (SCTP's
/// COOKIE-WAIT, issue 12) is in place when the peer's first record arrives.
/// </summary>
public sealed class DtlsTransportOrderingTests
{
    [Fact]
    public async Task StateChanged_Connected_RaisedBeforeAnyApplicationRecordIsDelivered()
    {
        var (clientEnd, serverEnd) = DatagramPipe.CreatePair();
        var serverLower = new ObservedTransport(serverEnd);
        await using var client = new DtlsTransport(clientEnd, DtlsRole.Client, DtlsTestPair.ClientCertificate, DtlsTestPair.FastOptions);
        await using var server = new DtlsTransport(serverLower, DtlsRole.Server, DtlsTestPair.ServerCertificate, DtlsTestPair.FastOptions);
        int delivered = 0;
        int deliveredDuringHandler = -1;
        server.Received += _ => Interlocked.Increment(ref delivered);
        Task<byte[]> atServer = DtlsTestPair.NextReceived(server);
        Task clientConnected = client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);
        server.StateChanged += state =>
        {
            if (state != DtlsState.Connected)
            {
                return;
            }

            // On the server's handshake thread: the client completes on the server's final flight (already
            // sent), sends at once, and the record reaches the server's transport while this handler still runs.
            clientConnected.Wait(DtlsTestPair.Guard);
            client.SendAsync("first record"u8.ToArray()).AsTask().Wait(DtlsTestPair.Guard);
            Assert.True(serverLower.ApplicationDataSeen.Wait(DtlsTestPair.Guard));
            deliveredDuringHandler = Volatile.Read(ref delivered);
        };

        await server.ConnectAsync(DtlsTestPair.ClientCertificate.Fingerprint).WaitAsync(DtlsTestPair.Guard);

        Assert.Equal("first record"u8.ToArray(), await atServer.WaitAsync(DtlsTestPair.Guard));
        Assert.Equal(0, deliveredDuringHandler);
        Assert.Equal(1, Volatile.Read(ref delivered));
        clientEnd.Close();
        serverEnd.Close();
    }

    /// <summary>Passes datagrams up and signals once an application_data datagram has been handled above.</summary>
    private sealed class ObservedTransport : IDatagramTransport
    {
        private readonly IDatagramTransport _inner;
        private DatagramHandler? _received;

        public ObservedTransport(IDatagramTransport inner)
        {
            _inner = inner;
            _inner.Received += OnReceived;
        }

        public event DatagramHandler? Received
        {
            add => _received += value;
            remove => _received -= value;
        }

        public ManualResetEventSlim ApplicationDataSeen { get; } = new();

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default) =>
            _inner.SendAsync(datagram, cancellationToken);

        private void OnReceived(ReadOnlySpan<byte> datagram)
        {
            _received?.Invoke(datagram);
            if (datagram[0] == DtlsRecordHeader.ApplicationData)
            {
                ApplicationDataSeen.Set();
            }
        }
    }
}
