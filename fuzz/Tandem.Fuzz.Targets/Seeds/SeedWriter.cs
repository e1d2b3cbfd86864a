namespace Tandem.Fuzz.Targets.Seeds;

/// <summary>
/// Writes the seed corpora (<c>fuzz/seeds/&lt;target&gt;/</c>): RFC test vectors, packets our own writers
/// make, packets two of our SCTP associations exchange, real encoder output (libx264 through ffmpeg,
/// libopus) and the Chromium SDPs the tests keep. Run once; the files are committed.
/// </summary>
public static partial class SeedWriter
{
    /// <summary>Writes every target's seeds under <paramref name="directory"/>; returns a process exit code.</summary>
    public static int WriteAll(string directory, string repositoryRoot)
    {
        var seeds = new Dictionary<string, List<(string Name, byte[] Data)>>
        {
            ["signaling-json"] = Signaling(),
            ["stun"] = Stun(),
            ["dtls-record"] = Dtls(),
            ["srtp"] = Srtp(),
            ["rtp"] = Rtp(),
            ["rtcp"] = Rtcp(),
            ["sctp"] = SctpCapture(forAssociation: false),
            ["sctp-association"] = SctpCapture(forAssociation: true),
            ["dcep"] = Dcep(),
            ["sdp"] = Sdp(repositoryRoot),
            ["h264-rtp"] = H264Rtp(),
            ["opus-rtp"] = OpusRtp(),
            ["annexb"] = AnnexB(),
        };
        foreach (var (target, files) in seeds)
        {
            string folder = Path.Combine(directory, target);
            Directory.CreateDirectory(folder);
            foreach (var (name, data) in files)
            {
                File.WriteAllBytes(Path.Combine(folder, name), data);
            }

            Console.WriteLine($"{target}: {files.Count} seeds");
        }

        return 0;
    }
}
