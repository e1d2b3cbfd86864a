using Org.BouncyCastle.Tls;
using Tandem.WebRtc.Transports;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Tandem.WebRtc.Dtls;

internal sealed partial class DtlsTransport
{
    // Wakes the receive loop now and then to re-check the state even if no datagram arrives.
    private const int ReceiveWaitMillis = 1000;

    /// <summary>
    /// Raised once per decrypted application_data record: on the lower transport's receive thread, or
    /// (BouncyCastle record layer, and records that arrived before the handshake completed) on the DTLS
    /// receive thread; never on two threads at once.
    /// </summary>
    public event DatagramHandler? Received;

    /// <summary>Encrypts <paramref name="datagram"/> into one application_data record and sends it.</summary>
    /// <exception cref="InvalidOperationException">Not connected.</exception>
    /// <exception cref="ArgumentException">Larger than <see cref="MaxPayloadSize"/>.</exception>
    /// <exception cref="IOException">The record layer failed; <see cref="State"/> is then Failed.</exception>
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

        if (_records is { } records)
        {
            SendRecord(records, datagram.Span);
            return ValueTask.CompletedTask;
        }

        try
        {
            lock (_bouncyCastleLock)
            {
                connection.Send(datagram.Span);
            }

            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _bytesSent, datagram.Length);
        }
        catch (IOException ex)
        {
            Fail($"DTLS send failed: {ex.Message}");
            throw;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Waits for datagrams outside the lock, then lets BouncyCastle process them under <see cref="_bouncyCastleLock"/>:
    /// processing may itself send (a retransmitted final flight, an alert) with the same cipher state
    /// that <see cref="SendAsync"/> uses (BouncyCastle record layer), so processing and sending must not overlap.
    /// </summary>
    private void ReceiveLoop(BcDtlsTransport connection)
    {
        byte[] buffer = new byte[connection.GetReceiveLimit()];
        while (State == DtlsState.Connected)
        {
            if (!_adapter.WaitForDatagram(ReceiveWaitMillis))
            {
                if (_adapter.IsClosed)
                {
                    Fail("The DTLS record layer closed.");
                    return;
                }

                continue;
            }

            int length;
            try
            {
                lock (_bouncyCastleLock)
                {
                    // The datagram is already queued; 1 ms (0 would mean "forever") bounds the hold time.
                    length = connection.Receive(buffer, 0, buffer.Length, 1);
                }
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
                lock (_receiveLock)
                {
                    Deliver(buffer.AsSpan(0, length));
                }
            }
        }
    }

    /// <summary>Counts and raises one application payload; the caller holds <see cref="_receiveLock"/>.</summary>
    private void Deliver(ReadOnlySpan<byte> record)
    {
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _bytesReceived, record.Length);
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
