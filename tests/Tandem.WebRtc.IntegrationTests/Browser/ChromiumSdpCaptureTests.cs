namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// Browser/Data/chromium-offer.sdp and chromium-answer.sdp are real Chromium SDPs (audio + video +
/// data, all candidates gathered) for other tests to parse. This test checks they still look like
/// what the installed Chromium produces, and writes the live pair to Browser/Captured/ in the test
/// output to refresh them from.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumSdpCaptureTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task CapturedSdp_ComparedWithLiveChromium_SameMediaAndCodecs()
    {
        await using var pair = await ChromiumPair.OpenAsync(chromium);
        await pair.Offerer.AddFakeMediaAsync(audio: true, video: true);
        await pair.Offerer.CreateDataChannelAsync("tandem");
        await pair.Answerer.AddFakeMediaAsync(audio: true, video: false);
        await pair.ConnectAsync();
        await pair.Offerer.WaitForIceGatheringStateAsync("complete");
        await pair.Answerer.WaitForIceGatheringStateAsync("complete");
        var liveOffer = (await pair.Offerer.GetLocalDescriptionAsync()).Sdp;
        var liveAnswer = (await pair.Answerer.GetLocalDescriptionAsync()).Sdp;
        var captured = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "Browser", "Captured"));
        await File.WriteAllTextAsync(Path.Combine(captured.FullName, "chromium-offer.sdp"), liveOffer);
        await File.WriteAllTextAsync(Path.Combine(captured.FullName, "chromium-answer.sdp"), liveAnswer);

        var storedOffer = await File.ReadAllTextAsync(DataFile("chromium-offer.sdp"));
        var storedAnswer = await File.ReadAllTextAsync(DataFile("chromium-answer.sdp"));

        Assert.Equal(["audio", "video", "application"], Sdp.MediaSections(storedOffer).Select(Sdp.Kind));
        Assert.Equal(Layout(liveOffer), Layout(storedOffer));
        Assert.Equal(Layout(liveAnswer), Layout(storedAnswer));
        Assert.Contains("H264", Sdp.Codecs(Sdp.MediaSections(storedOffer)[1]));
        Assert.Contains("opus", Sdp.Codecs(Sdp.MediaSections(storedAnswer)[0]));
        Assert.Contains(Sdp.Lines(storedOffer), l => l.StartsWith("a=candidate:", StringComparison.Ordinal) && l.Contains(" 10.77.0.", StringComparison.Ordinal));
        Assert.EndsWith("\r\n", storedOffer, StringComparison.Ordinal);
    }

    /// <summary>Path of a stored file under Browser/Data in the test output.</summary>
    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Browser", "Data", name);

    private static IReadOnlyList<string> Layout(string sdp) =>
        Sdp.MediaSections(sdp).Select(s => $"{Sdp.Kind(s)}: {string.Join(' ', Sdp.Codecs(s).Distinct().Order(StringComparer.Ordinal))}").ToList();
}
