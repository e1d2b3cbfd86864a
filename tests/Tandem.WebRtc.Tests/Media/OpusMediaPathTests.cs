extern alias TandemMedia;

using System.Buffers;
using TandemMedia::Tandem.Media.Audio;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

public sealed class OpusMediaPathTests : IDisposable
{
    private const byte AudioPayloadType = 111;
    private const int SampleRate = 16_000;
    private const int Packets = 50;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tandem-opus-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(nameof(SrtpProfile.AeadAes128Gcm))]
    [InlineData(nameof(SrtpProfile.Aes128CmHmacSha1_80))]
    public async Task SendAsync_OneSecondTone_DecodesToFullLengthNonSilent440Hz(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        await using var peers = MediaPeerPair.ConnectWithKeys(profile);
        using var encoder = new OpusEncoder(new OpusEncoderOptions { SampleRate = SampleRate });
        using var decoder = new OpusDecoder(SampleRate, 1);
        var wavPath = Path.Combine(_directory.FullName, $"tone-{profile}.wav");
        var decoded = new List<short>();
        var timestamps = new List<uint>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var wav = new WavWriter(File.Create(wavPath), SampleRate, 1))
        {
            var sender = new OpusRtpSender(peers.A, new RtpSenderOptions
            {
                Ssrc = 0xA0D1_0001,
                PayloadType = AudioPayloadType,
                ClockRate = OpusRtp.ClockRate,
                HistoryCapacity = 0,
            });
            _ = new OpusRtpReceiver(peers.B, new RtpReceiverOptions { PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate, Nack = false }, (packet, timestamp, _) =>
            {
                var pcm = new short[SampleRate / 50];
                Assert.Equal(OperationStatus.Done, decoder.Decode(packet, pcm, out var samples));
                wav.Write(pcm.AsSpan(0, samples));
                decoded.AddRange(pcm.AsSpan(0, samples));
                timestamps.Add(timestamp);
                if (timestamps.Count == Packets)
                {
                    done.TrySetResult();
                }
            });

            var tone = new ToneGenerator(SampleRate, 440);
            var stamper = new OpusRtpTimestamper(123_456);
            var frame = new short[encoder.FrameSamples];
            var packet = new byte[OpusEncoder.MaxPacketSize];
            for (var i = 0; i < Packets; i++)
            {
                tone.Fill(frame);
                var length = encoder.Encode(frame, packet);
                await sender.SendAsync(packet.AsMemory(0, length), stamper.Stamp(frame.Length, SampleRate));
            }

            await done.Task.WaitAsync(MediaPeerPair.Guard);
            Assert.Equal(Packets * encoder.FrameSamples, wav.SamplesWritten);
        }

        Assert.Equal(Enumerable.Range(0, Packets).Select(i => (uint)(123_456 + (i * 960))), timestamps);
        Assert.Equal(SampleRate, decoded.Count);
        Assert.Equal(44 + (2 * SampleRate), new FileInfo(wavPath).Length);

        // The second half (past the codec's start-up) is a loud tone crossing zero ~880 times a second.
        var settled = decoded.Skip(SampleRate / 2).Select(s => (double)s).ToArray();
        var rms = Math.Sqrt(settled.Average(s => s * s));
        Assert.True(rms > 3000, $"rms {rms}");
        var crossings = settled.Zip(settled.Skip(1)).Count(p => p.First < 0 && p.Second >= 0);
        var frequency = crossings / (settled.Length / (double)SampleRate);
        Assert.InRange(frequency, 420, 460);
    }
}
