extern alias TandemMedia;

using TandemMedia::Tandem.Media.Audio;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Sends test media through a peer connection in real time: video at 25 fps, Opus 16 kHz mono in 20 ms packets.</summary>
internal static class MediaSource
{
    public const int AudioFrameSamples = 320;

    /// <summary>
    /// Sends <paramref name="accessUnits"/> (25 fps, 3600 ticks apart) interleaved with two audio packets
    /// per video frame (or <paramref name="audioPackets"/> packets alone when there is no video); returns
    /// how many sends of each kind were accepted.
    /// </summary>
    public static async Task<(int Video, int Audio)> SendAsync(PeerConnection peer, IReadOnlyList<byte[]>? accessUnits, int audioPackets)
    {
        using var encoder = new OpusEncoder();
        var tone = new ToneGenerator(16_000, 440, 0.4);
        var pcm = new short[AudioFrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var video = 0;
        var audio = 0;
        var steps = Math.Max(audioPackets, (accessUnits?.Count ?? 0) * 2);
        for (var step = 0; step < steps; step++)
        {
            if (accessUnits is not null && step % 2 == 0 && step / 2 < accessUnits.Count
                && await peer.SendVideoAsync(accessUnits[step / 2], (uint)(step / 2 * 3600)))
            {
                video++;
            }

            if (step < audioPackets)
            {
                tone.Fill(pcm);
                var length = encoder.Encode(pcm, packet);

                // RFC 7587 §4.1: 48 kHz timestamps whatever the encoder's rate.
                if (await peer.SendAudioAsync(packet.AsMemory(0, length), (uint)(step * 960)))
                {
                    audio++;
                }
            }

            await Task.Delay(20);
        }

        return (video, audio);
    }
}
