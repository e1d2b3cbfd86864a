using System.Net;
using System.Net.NetworkInformation;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.IntegrationTests.Ice;

/// <summary>
/// Our agent against Chromium's (libwebrtc) ICE. Runs only inside the test network namespace of
/// scripts/testnet.sh (10.77.0.1/10.77.0.2 on veth): Chromium gathers no loopback candidates and
/// test traffic must never reach a real interface.
/// </summary>
[Trait("Category", "Browser")]
public partial class ChromiumIceInteropTests
{
    private static readonly IPAddress TestHost = IPAddress.Parse("10.77.0.1");

    [Fact]
    public async Task Connect_ChromiumAnswerer_IceConnectsAndDtlsClientHelloArrives()
    {
        AssertInTestNetwork();
        using var agent = new IceAgent(new IceAgentOptions { Role = IceRole.Controlling, LocalAddresses = [TestHost] });
        var clientHello = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Transport.Received += d => clientHello.TrySetResult(d.ToArray());
        await agent.GatherAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var answer = await page.EvaluateAsync<string>(AnswerScript, Offer(agent.LocalCredentials));
        agent.SetRemoteCredentials(new IceCredentials(
            UfragRegex().Match(answer).Groups[1].Value, PwdRegex().Match(answer).Groups[1].Value));
        foreach (var candidate in agent.LocalCandidates)
        {
            await page.EvaluateAsync("c => window.pc.addIceCandidate({ candidate: c, sdpMid: '0' })", candidate.ToString());
        }

        var browserCandidates = await page.EvaluateAsync<string[]>("() => window.gathered()");
        foreach (var line in browserCandidates)
        {
            agent.AddRemoteCandidate(line);
        }

        await LoopbackIcePair.WaitForAsync(agent, IceConnectionState.Connected);
        await LoopbackIcePair.WaitForSelectedAsync(agent);
        var hello = await clientHello.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var browserState = await page.EvaluateAsync<string>("() => window.pc.iceConnectionState");

        // Chromium hides its host addresses behind mDNS names: the pair is learned peer-reflexively.
        Assert.All(browserCandidates, c => Assert.Contains(".local ", c, StringComparison.Ordinal));
        Assert.Equal(IceCandidateType.PeerReflexive, agent.SelectedPair!.Remote.Type);
        Assert.Equal(22, hello[0]);
        Assert.Contains(browserState, new[] { "connected", "completed" });
        Assert.True(agent.SelectedPair!.Nominated);
        Assert.Equal(TestHost, agent.SelectedPair.Local.IPAddress);
    }

    [Fact]
    public async Task Connect_ChromiumOfferer_ControlledAgentFollowsChromiumNomination()
    {
        AssertInTestNetwork();
        using var agent = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, LocalAddresses = [TestHost] });
        await agent.GatherAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var offer = await page.EvaluateAsync<string>(OfferScript);
        agent.SetRemoteCredentials(new IceCredentials(
            UfragRegex().Match(offer).Groups[1].Value, PwdRegex().Match(offer).Groups[1].Value));
        var answer = Offer(agent.LocalCredentials).Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal);
        await page.EvaluateAsync("sdp => window.pc.setRemoteDescription({ type: 'answer', sdp })", answer);
        foreach (var candidate in agent.LocalCandidates)
        {
            await page.EvaluateAsync("c => window.pc.addIceCandidate({ candidate: c, sdpMid: '0' })", candidate.ToString());
        }

        foreach (var line in await page.EvaluateAsync<string[]>("() => window.gathered()"))
        {
            agent.AddRemoteCandidate(line);
        }

        await LoopbackIcePair.WaitForAsync(agent, IceConnectionState.Connected);
        await LoopbackIcePair.WaitForSelectedAsync(agent);
        var browserState = await page.EvaluateAsync<string>(
            "() => new Promise(r => { const check = () => ['connected', 'completed'].includes(window.pc.iceConnectionState) ? r(window.pc.iceConnectionState) : setTimeout(check, 50); check(); })");

        Assert.Contains(browserState, new[] { "connected", "completed" });
        Assert.Equal(IceRole.Controlled, agent.Role);
        Assert.True(agent.SelectedPair!.Nominated);
    }

    [Fact]
    public async Task RestartIce_OurNewOffer_ChromiumAnswersAndNewPairSelected()
    {
        AssertInTestNetwork();
        using var agent = new IceAgent(new IceAgentOptions { Role = IceRole.Controlling, LocalAddresses = [TestHost] });
        var selections = 0;
        var reselected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.SelectedPairChanged += _ =>
        {
            if (Interlocked.Increment(ref selections) == 2)
            {
                reselected.TrySetResult();
            }
        };
        await agent.GatherAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await NegotiateAsync(page, agent, AnswerScript);
        await LoopbackIcePair.WaitForAsync(agent, IceConnectionState.Connected);
        await LoopbackIcePair.WaitForSelectedAsync(agent);
        var firstUfrag = agent.RemoteCredentials!.Ufrag;

        agent.RestartIce();
        await NegotiateAsync(page, agent, ReofferScript);
        await reselected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var browserState = await page.EvaluateAsync<string>("() => window.pc.iceConnectionState");

        Assert.NotEqual(firstUfrag, agent.RemoteCredentials!.Ufrag);
        Assert.Contains(browserState, new[] { "connected", "completed" });
        Assert.NotEqual(IceConnectionState.Failed, agent.ConnectionState);
    }

    private static void AssertInTestNetwork() => Assert.True(
        NetworkInterface.GetAllNetworkInterfaces().Any(n => n.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(TestHost))),
        "Needs the test network namespace: run through scripts/test.sh as root.");

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    private static async Task NegotiateAsync(IPage page, IceAgent agent, string script)
    {
        var answer = await page.EvaluateAsync<string>(script, Offer(agent.LocalCredentials));
        agent.SetRemoteCredentials(new IceCredentials(
            UfragRegex().Match(answer).Groups[1].Value, PwdRegex().Match(answer).Groups[1].Value));
        foreach (var candidate in agent.LocalCandidates)
        {
            await page.EvaluateAsync("c => window.pc.addIceCandidate({ candidate: c, sdpMid: '0' })", candidate.ToString());
        }

        foreach (var line in await page.EvaluateAsync<string[]>("() => window.gathered()"))
        {
            agent.AddRemoteCandidate(line);
        }
    }

    private const string ReofferScript = """
        async offer => {
          const pc = window.pc;
          const lines = [];
          let done;
          const complete = new Promise(r => done = r);
          pc.onicecandidate = e => e.candidate ? lines.push(e.candidate.candidate) : done();
          window.gathered = async () => { await complete; return lines; };
          await pc.setRemoteDescription({ type: 'offer', sdp: offer });
          await pc.setLocalDescription(await pc.createAnswer());
          return pc.localDescription.sdp;
        }
        """;

    private const string OfferScript = """
        async () => {
          const pc = new RTCPeerConnection();
          window.pc = pc;
          pc.createDataChannel('probe');
          const lines = [];
          let done;
          const complete = new Promise(r => done = r);
          pc.onicecandidate = e => e.candidate ? lines.push(e.candidate.candidate) : done();
          window.gathered = async () => { await complete; return lines; };
          await pc.setLocalDescription(await pc.createOffer());
          return pc.localDescription.sdp;
        }
        """;

    private const string AnswerScript = """
        async offer => {
          const pc = new RTCPeerConnection();
          window.pc = pc;
          const lines = [];
          let done;
          const complete = new Promise(r => done = r);
          pc.onicecandidate = e => e.candidate ? lines.push(e.candidate.candidate) : done();
          window.gathered = async () => { await complete; return lines; };
          await pc.setRemoteDescription({ type: 'offer', sdp: offer });
          await pc.setLocalDescription(await pc.createAnswer());
          return pc.localDescription.sdp;
        }
        """;

    private static string Offer(IceCredentials credentials) => string.Join("\r\n",
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        $"a=ice-ufrag:{credentials.Ufrag}",
        $"a=ice-pwd:{credentials.Password}",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Range(0, 32).Select(i => (i * 7).ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
        "a=setup:actpass",
        "a=mid:0",
        "a=sctp-port:5000",
        string.Empty);

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragRegex();

    [GeneratedRegex(@"a=ice-pwd:(\S+)")]
    private static partial Regex PwdRegex();
}
