using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Tandem.Benchmarks.Dtls;

/// <summary>
/// Two BouncyCastle DTLS 1.2 endpoints connected with a pre-shared key and TLS_PSK_WITH_AES_128_GCM_SHA256:
/// the same AES-128-GCM record protection as the WebRTC ECDHE suites, without certificates.
/// </summary>
internal static class BouncyCastlePskPair
{
    private static readonly byte[] Key = new byte[32];

    public static (BcDtlsTransport Client, BcDtlsTransport Server) Connect()
    {
        var (clientEnd, serverEnd) = Mailbox.CreatePair();
        var crypto = new BcTlsCrypto();
        Task<BcDtlsTransport> server = Task.Run(() => new DtlsServerProtocol { VerifyRequests = false }.Accept(new Server(crypto), serverEnd));
        BcDtlsTransport client = new DtlsClientProtocol().Connect(new Client(crypto), clientEnd);
        return (client, server.GetAwaiter().GetResult());
    }

    private sealed class Client(BcTlsCrypto crypto) : PskTlsClient(crypto, new BasicTlsPskIdentity("bench", Key))
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256];
    }

    private sealed class Server(BcTlsCrypto crypto) : PskTlsServer(crypto, new IdentityManager())
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256];
    }

    private sealed class IdentityManager : TlsPskIdentityManager
    {
        public byte[]? GetHint() => null;

        public byte[] GetPsk(byte[] identity) => Key;
    }

    /// <summary>An in-memory datagram link; after the handshake it holds one record at a time, in reused buffers.</summary>
    private sealed class Mailbox : DatagramTransport
    {
        private readonly BlockingCollection<(byte[] Buffer, int Length)> _inbox = [];
        private readonly ConcurrentBag<byte[]> _free = [];
        private Mailbox? _peer;

        public static (Mailbox A, Mailbox B) CreatePair()
        {
            var a = new Mailbox();
            var b = new Mailbox { _peer = a };
            a._peer = b;
            return (a, b);
        }

        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1500;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!_inbox.TryTake(out var item, waitMillis))
            {
                return -1;
            }

            item.Buffer.AsSpan(0, item.Length).CopyTo(buffer);
            _free.Add(item.Buffer);
            return item.Length;
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            byte[] slot = _peer!._free.TryTake(out byte[]? reused) ? reused : new byte[1500];
            buffer.CopyTo(slot);
            _peer._inbox.Add((slot, buffer.Length));
        }

        public void Close() => _inbox.CompleteAdding();
    }
}
