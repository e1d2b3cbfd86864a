using Org.BouncyCastle.Tls;
using Tandem.WebRtc.Transports;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Tandem.WebRtc.Dtls;

public sealed partial class DtlsTransport
{
    // Wakes the receive loop now and then so that it notices a local close even if no datagram arrives.
    private const int ReceiveWaitMillis = 1000;

    /// <summary>Raised once per decrypted application_data record, on the DTLS receive thread.</summary>
    public event DatagramHandler? Received;

    /// <summary>Encrypts <paramref name="datagram"/> into one application_data record and sends it.</summary>
    /// <exception cref="InvalidOperationException">Not connected.</exception>
    /// <exception cref="ArgumentException">Larger than <see cref="MaxPayloadSize"/>.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        BcDtlsTransport connection = _connection is not null && State == DtlsState.Connected
            ? _connection
            : throw new InvalidOperationException($"Cannot send application data in DTLS state {State}.");
        if (datagram.Length > MaxPayloadSize)
        {
            // BouncyCastle would treat an oversized record as a fatal error and tear the connection down.
            throw new ArgumentException($"Datagram of {datagram.Length} bytes exceeds the DTLS payload limit of {MaxPayloadSize}.", nameof(datagram));
        }

        try
        {
            lock (_sendLock)
            {
                connection.Send(datagram.Span);
            }
        }
        catch (IOException ex)
        {
            Fail($"DTLS send failed: {ex.Message}");
            throw;
        }

        return ValueTask.CompletedTask;
    }

    private void ReceiveLoop(BcDtlsTransport connection)
    {
        byte[] buffer = new byte[connection.GetReceiveLimit()];
        while (State == DtlsState.Connected)
        {
            int length;
            try
            {
                length = connection.Receive(buffer, 0, buffer.Length, ReceiveWaitMillis);
            }
            catch (TlsFatalAlertReceived ex)
            {
                Fail($"The peer sent a fatal DTLS alert: {AlertDescription.GetText(ex.AlertDescription)}.");
                return;
            }
            catch (IOException ex)
            {
                if (State == DtlsState.Connected)
                {
                    Fail($"DTLS receive failed: {ex.Message}");
                }

                return;
            }

            if (length > 0)
            {
                Deliver(buffer.AsSpan(0, length));
            }
        }
    }

    private void Deliver(ReadOnlySpan<byte> record)
    {
        try
        {
            Received?.Invoke(record);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An upper layer's bug must not kill this thread silently: it ends the transport, visibly.
            Fail($"A DTLS Received handler threw: {ex.Message}");
        }
    }
}
