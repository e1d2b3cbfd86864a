using Microsoft.Playwright;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Sdp;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>
/// Our DTLS against Chromium's (BoringSSL, through libwebrtc) in both roles, with SDP written by our
/// own writer: Chromium offers a data channel, we answer as an ICE-lite endpoint. Success means both
/// sides accepted each other's certificate fingerprint and Chromium's SCTP INIT reached us decrypted.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChromiumDtlsInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(DtlsRole.Server)]
    [InlineData(DtlsRole.Client)]
    public async Task Handshake_WithChromium_ConnectsAndCarriesSctp(DtlsRole role)
    {
        using var ice = new IceLiteUdpTransport(IceLiteUdpTransport.HostAddress());
        var certificate = DtlsCertificate.Generate("tandem");
        await using var dtls = new DtlsTransport(ice, role, certificate);
        var sctpInit = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        dtls.Received += data => sctpInit.TrySetResult(data.ToArray());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        string offerText = await page.EvaluateAsync<string>(
            """
            async () => {
              window.pc = new RTCPeerConnection();
              pc.createDataChannel('probe');
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            }
            """);
        Assert.True(SdpSessionDescription.TryParse(offerText, out var offer, out string? error), error);
        SdpMediaDescription offered = Assert.Single(offer.Media);
        Assert.True(DtlsFingerprint.TryParse(offer.GetFingerprints(offered)[0].ToString(), out DtlsFingerprint? chromiumFingerprint));

        string answer = Answer(offered, ice, certificate, role).ToString();
        await page.EvaluateAsync("async sdp => { await pc.setRemoteDescription({ type: 'answer', sdp }); }", answer);
        await dtls.ConnectAsync(chromiumFingerprint).WaitAsync(Guard);
        string chromiumState = await page.EvaluateAsync<string>(
            """
            () => new Promise(resolve => {
              const t = pc.sctp.transport;
              if (t.state === 'connected' || t.state === 'failed') { resolve(t.state); return; }
              t.onstatechange = () => { if (t.state === 'connected' || t.state === 'failed') resolve(t.state); };
            })
            """).WaitAsync(Guard);
        byte[] init = await sctpInit.Task.WaitAsync(Guard);

        output.WriteLine(dtls.GetStats().ToString());
        Assert.Equal("connected", chromiumState);
        Assert.Equal(DtlsState.Connected, dtls.State);
        Assert.NotNull(dtls.SrtpProfile);
        Assert.Equal(dtls.SrtpProfile!.Value.KeyingMaterialLength(), dtls.SrtpKeys!.KeyingMaterial.Length);
        // RFC 9260 §3: common header (ports 5000 -> 5000, RFC 8841 default), first chunk INIT (type 1).
        Assert.Equal([0x13, 0x88, 0x13, 0x88], init[..4]);
        Assert.Equal(1, init[12]);
        Assert.True(ice.StunRequests > 0);
    }

    private static SdpSessionDescription Answer(SdpMediaDescription offered, IceLiteUdpTransport ice, DtlsCertificate certificate, DtlsRole role)
    {
        var answer = new SdpSessionDescription { Origin = SdpOrigin.Create("4242424242"), IceLite = true };
        answer.Groups.Add(new SdpGroup("BUNDLE", [offered.Mid!]));
        string address = ice.LocalEndPoint.Address.ToString();
        var media = new SdpMediaDescription
        {
            Media = "application",
            Port = ice.LocalEndPoint.Port,
            Protocol = offered.Protocol,
            Connection = new SdpConnection("IN", "IP4", address),
            IceUfrag = ice.Ufrag,
            IcePwd = ice.Password,
            EndOfCandidates = true,
            // RFC 8842 §5: the answerer picks active (we are the DTLS client) or passive (we are the server).
            Setup = role == DtlsRole.Client ? SdpSetup.Active : SdpSetup.Passive,
            Mid = offered.Mid,
            SctpPort = 5000,
            MaxMessageSize = 262144,
        };
        media.Formats.AddRange(offered.Formats);
        media.Candidates.Add($"1 1 udp 2130706431 {address} {ice.LocalEndPoint.Port} typ host");
        media.Fingerprints.Add(new SdpFingerprint(certificate.Fingerprint.Algorithm, certificate.Fingerprint.Value));
        answer.Media.Add(media);
        return answer;
    }
}
