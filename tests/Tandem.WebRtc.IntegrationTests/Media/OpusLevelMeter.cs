extern alias TandemMedia;

using System.Buffers;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// Decodes the Opus our <see cref="PeerConnection"/> receives (Tandem.Media's decoder, 16 kHz mono)
/// and keeps the level of each 20 ms packet: proof that the sound is there, not just packets.
/// </summary>
internal sealed class OpusLevelMeter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly OpusDecoder _decoder = new(DeviceMediaPump.SampleRate, 1);
    private readonly short[] _pcm = new short[DeviceMediaPump.SampleRate * 120 / 1000];
    private readonly List<double> _levels = [];
    private int _errors;

    public OpusLevelMeter(PeerConnection peer) => peer.AudioPacketReceived += OnPacket;

    /// <summary>The RMS (in sample units, full scale 32767) of each decoded packet, in arrival order.</summary>
    public IReadOnlyList<double> Levels
    {
        get
        {
            lock (_lock)
            {
                return [.. _levels];
            }
        }
    }

    public int DecodeErrors => Volatile.Read(ref _errors);

    public void Dispose()
    {
        lock (_lock)
        {
            _decoder.Dispose();
        }
    }

    private void OnPacket(ReadOnlySpan<byte> opus, uint rtpTimestamp, ushort sequenceNumber)
    {
        lock (_lock)
        {
            if (_decoder.Decode(opus, _pcm, out var samples) != OperationStatus.Done)
            {
                _errors++;
                return;
            }

            var energy = 0.0;
            foreach (var sample in _pcm.AsSpan(0, samples))
            {
                energy += (double)sample * sample;
            }

            _levels.Add(samples == 0 ? 0 : Math.Sqrt(energy / samples));
        }
    }
}
