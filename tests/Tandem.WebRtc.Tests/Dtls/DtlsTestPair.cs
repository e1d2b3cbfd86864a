using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>A DTLS client and server over an in-memory pipe, each with its own certificate.</summary>
internal sealed class DtlsTestPair : IAsyncDisposable
{
    public static readonly DtlsOptions FastOptions = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(20),
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
    };

    // Generating ECDSA keys is cheap, but there is no need to do it per test.
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("client");
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("server");

    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>RFC 6347 as BouncyCastle does it: its record layer protects application data too.</summary>
    public static readonly DtlsOptions BouncyCastleOptions = new()
    {
        HandshakeTimeout = FastOptions.HandshakeTimeout,
        InitialRetransmitTimeout = FastOptions.InitialRetransmitTimeout,
        BouncyCastleRecordLayer = true,
    };

    public DtlsTestPair(DtlsOptions? clientOptions = null, DtlsOptions? serverOptions = null)
    {
        (ClientEnd, ServerEnd) = DatagramPipe.CreatePair();
        Client = new DtlsTransport(ClientEnd, DtlsRole.Client, ClientCertificate, clientOptions ?? FastOptions);
        Server = new DtlsTransport(ServerEnd, DtlsRole.Server, ServerCertificate, serverOptions ?? FastOptions);
    }

    public DatagramPipeEnd ClientEnd { get; }

    public DatagramPipeEnd ServerEnd { get; }

    public DtlsTransport Client { get; }

    public DtlsTransport Server { get; }

    public Task ConnectAsync() => Task.WhenAll(
        Client.ConnectAsync(ServerCertificate.Fingerprint),
        Server.ConnectAsync(ClientCertificate.Fingerprint)).WaitAsync(Guard);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        ClientEnd.Close();
        ServerEnd.Close();
    }

    /// <summary>Completes with the first application datagram <paramref name="transport"/> receives.</summary>
    public static Task<byte[]> NextReceived(DtlsTransport transport)
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        DatagramHandler? handler = null;
        handler = data =>
        {
            transport.Received -= handler;
            received.TrySetResult(data.ToArray());
        };
        transport.Received += handler;
        return received.Task;
    }

    /// <summary>Completes when <paramref name="transport"/> reaches <paramref name="state"/>.</summary>
    public static Task WhenState(DtlsTransport transport, DtlsState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.StateChanged += s =>
        {
            if (s == state)
            {
                reached.TrySetResult();
            }
        };
        if (transport.State == state)
        {
            reached.TrySetResult();
        }

        return reached.Task;
    }

    /// <summary>RFC 6347 §4.1/§4.2.2: record type 22 (handshake), handshake type at byte 13.</summary>
    public static bool IsClientHello(ReadOnlyMemory<byte> datagram) =>
        datagram.Length > 13 && datagram.Span[0] == 22 && datagram.Span[13] == 1;
}
