using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Turn;

/// <summary>
/// TCP or TLS to a TURN server (RFC 8656 §3.1, RFC 6062 framing): STUN and ChannelData messages back to
/// back in one byte stream, cut into frames by <see cref="TurnStreamFraming"/>. TLS checks the server's
/// certificate against the system's roots, or only against <paramref name="certificateAuthorities"/>
/// when given (a private PKI); nothing ever accepts an unchecked certificate.
/// </summary>
internal sealed class TurnStreamConnection(TurnServer server, X509Certificate2Collection? certificateAuthorities) : ITurnConnection
{
    private const int BufferSize = 65536 + 8;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // Sends come from the ICE thread, the media senders and the allocation's timer: one frame at a time,
    // or frames would interleave in the stream.
    private readonly Lock _sendGate = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Stream? _stream;

    public bool IsStream => true;

    public IPEndPoint? LocalEndPoint { get; private set; }

    public int ReceiveBufferSize { get; private set; }

    public int SendBufferSize { get; private set; }

    public async Task ConnectAsync(TurnFrameHandler onFrame, Action<string> onClosed, CancellationToken cancellationToken)
    {
        var address = await TurnAddressResolver.ResolveAsync(server, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, server.Port), timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (server.Transport == TurnTransport.Tls)
            {
                stream = await AuthenticateAsync(stream, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            socket.Dispose();
            var why = e switch
            {
                SocketException s => s.SocketErrorCode.ToString(),
                OperationCanceledException => $"no answer in {ConnectTimeout.TotalSeconds:0} s",
                _ => e.Message,
            };
            throw new TurnConnectException(
                $"{server.Url}: cannot connect to {address}:{server.Port} over {server.Transport} ({why}): check the address, the port and that a firewall lets it through", e);
        }

        _socket = socket;
        _stream = stream;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        ReceiveBufferSize = socket.ReceiveBufferSize;
        SendBufferSize = socket.SendBufferSize;
        var token = _stop.Token;
        var thread = new Thread(() => ReceiveLoop(stream, onFrame, onClosed, token))
        {
            IsBackground = true,
            Name = $"turn-{server.Transport.ToString().ToLowerInvariant()} {LocalEndPoint.Port}",
        };
        thread.Start();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        try
        {
            lock (_sendGate)
            {
                _stream?.Write(frame);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The receive loop reports the broken stream; a send into it is simply lost.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stream?.Dispose();
        _socket?.Dispose();
        _stop.Dispose();
    }

    private async Task<Stream> AuthenticateAsync(Stream inner, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        SslPolicyErrors errors = SslPolicyErrors.None;
        string chainStatus = string.Empty;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
            {
                errors = policyErrors;
                chainStatus = chain is null ? string.Empty : string.Join(", ", chain.ChainStatus.Select(s => s.Status));
                return policyErrors == SslPolicyErrors.None;
            },
        };
        if (certificateAuthorities is { Count: > 0 })
        {
            // A private PKI: only these roots are trusted for the TURN server (the system's are not).
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(certificateAuthorities);
            options.CertificateChainPolicy = policy;
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            var detail = errors == SslPolicyErrors.None ? e.Message : $"{errors}{(chainStatus.Length > 0 ? ": " + chainStatus : string.Empty)}";
            throw new TurnConnectException(
                $"{server.Url}: the server's TLS certificate was refused ({detail}): give the CA that issued it (a custom CA file), " +
                $"or make the certificate name '{server.Host}'", e);
        }
    }

    private static void ReceiveLoop(Stream stream, TurnFrameHandler onFrame, Action<string> onClosed, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var filled = 0;
        var reason = "the server closed the connection";
        try
        {
            while (!token.IsCancellationRequested)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var start = 0;
                while (true)
                {
                    var status = TurnStreamFraming.TryGetFrameLength(buffer.AsSpan(start, filled - start), out var length);
                    if (status == OperationStatus.InvalidData || length > buffer.Length)
                    {
                        reason = "the server sent bytes that are neither STUN nor ChannelData: the stream is out of step";
                        return;
                    }

                    if (status == OperationStatus.NeedMoreData || filled - start < length)
                    {
                        break;
                    }

                    try
                    {
                        onFrame(buffer.AsSpan(start, length));
                    }
                    catch (Exception)
                    {
                        // A fault in an upper layer must not stop the only receive loop of the stream.
                    }

                    start += length;
                }

                // Keep the partial frame at the front for the next read.
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            reason = "the connection broke: " + e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!token.IsCancellationRequested)
            {
                onClosed(reason);
            }
        }
    }
}
