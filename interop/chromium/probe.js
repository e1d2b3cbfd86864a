// Installed before any page script (Playwright addInitScript) in both Chromium roles: the /app page
// (Chromium as the app) and glasses.html (Chromium as the glasses). It watches, it does not steer:
// it sees every RTCPeerConnection and WebSocket the page makes, runs the matrix's data exchange on
// the "tandem" channel (the same as ../common/datachannel.py: send, echo what is not an echo, time
// ping round trips), times the setup steps from the role message on, and samples getStats().
// window.interopProbe.summary() returns the same fields as the Python partners' summary line.
(() => {
  const config = window.__interopConfig ?? { send: [], binaries: [], pings: 20, windowMs: 10000, app: true, video: true, data: true };
  const echo = 'echo: ';
  const echoBytes = new TextEncoder().encode(echo);
  const summary = {
    partner: 'chromium', version: (/Chrome\/[\d.]+/.exec(navigator.userAgent) ?? ['?'])[0], role: null, setup_ms: {}, frames_sent: 0, frames_decoded: 0, video_size: null,
    audio_in_rms: 0, audio_in_seconds: 0, texts_received: [], binary_received: [], echoes_sent: 0,
    echo_rtt_ms: null, pings_answered: 0, sctp_srtt_ms: null, link_rtt_ms: null, errors: [],
  };
  let pairedAt = null;
  let pc = null;
  let channel = null;
  let counting = true;
  let windowEnd = null;
  let pinging = null;
  let pingsDone = false;
  let waiting = null;
  let peerLeft = false;
  let joined = false;

  const hex = bytes => [...new Uint8Array(bytes)].map(b => b.toString(16).padStart(2, '0')).join('');
  const fromHex = text => new Uint8Array(text.match(/../g).map(h => parseInt(h, 16)));
  const startsWith = (bytes, prefix) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
  const mark = step => {
    if (pairedAt !== null && !(step in summary.setup_ms)) summary.setup_ms[step] = Math.round((performance.now() - pairedAt) * 10) / 10;
  };

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        let message;
        try { message = JSON.parse(e.data); } catch { return; }
        if (message?.type === 'role' && !message.data?.resumed) {
          pairedAt = performance.now();
          summary.role = message.data?.role ?? null;
        } else if (message?.type === 'leave') {
          peerLeft = true;
          counting = false;
        }
      });
    }

    send(data) {
      if (typeof data === 'string' && data.includes('"type":"join"')) joined = true;
      super.send(data);
    }
  };

  function send(data) {
    if (channel?.readyState === 'open') channel.send(data);
  }

  function onOpen() {
    if (pinging) return;
    mark('channel-open');
    for (const text of config.send) send(text);
    for (const h of config.binaries) send(fromHex(h));
    pinging = pings();
  }

  async function pings() {
    const rtts = [];
    for (let i = 0; i < config.pings; i++) {
      const text = `ping ${i}`;
      const answered = new Promise(resolve => { waiting = { text: echo + text, resolve }; });
      const sent = performance.now();
      send(text);
      const at = await Promise.race([answered, new Promise(r => setTimeout(() => r(null), 2000))]);
      if (at === null) {
        summary.errors.push(`no echo of '${text}' within 2 s`);
        break;
      }
      rtts.push(at - sent);
    }
    waiting = null;
    pingsDone = true;
    summary.pings_answered = rtts.length;
    rtts.sort((a, b) => a - b);
    if (rtts.length) summary.echo_rtt_ms = Math.round(rtts[Math.floor(rtts.length / 2)] * 100) / 100;
  }

  function onMessage(e) {
    if (typeof e.data === 'string') {
      if (waiting && e.data === waiting.text) { waiting.resolve(performance.now()); return; }
      summary.texts_received.push(e.data);
      if (!e.data.startsWith(echo)) { send(echo + e.data); summary.echoes_sent++; }
    } else {
      const bytes = new Uint8Array(e.data);
      summary.binary_received.push(hex(bytes));
      if (!startsWith(bytes, echoBytes)) {
        const reply = new Uint8Array(echoBytes.length + bytes.length);
        reply.set(echoBytes);
        reply.set(bytes, echoBytes.length);
        send(reply);
        summary.echoes_sent++;
      }
    }
  }

  function useChannel(c) {
    if (c.label !== 'tandem') return;
    channel = c;
    c.binaryType = 'arraybuffer';
    c.addEventListener('open', onOpen);
    c.addEventListener('message', onMessage);
    if (c.readyState === 'open') onOpen();
  }

  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      pc = this;
      this.addEventListener('datachannel', e => useChannel(e.channel));
      this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'connected') mark('connected'); });
    }

    createDataChannel(...args) {
      const c = super.createDataChannel(...args);
      useChannel(c);
      return c;
    }
  };

  async function sample() {
    if (!pc || pc.connectionState === 'closed') return;
    const stats = [...(await pc.getStats()).values()];
    const inVideo = stats.find(s => s.type === 'inbound-rtp' && s.kind === 'video');
    const outVideo = stats.find(s => s.type === 'outbound-rtp' && s.kind === 'video');
    const inAudio = stats.find(s => s.type === 'inbound-rtp' && s.kind === 'audio');
    const pair = stats.find(s => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    if (pair?.currentRoundTripTime != null) summary.link_rtt_ms = Math.round(pair.currentRoundTripTime * 100000) / 100;
    if (!counting) return;
    if (inVideo?.framesDecoded > 0) {
      mark('first-frame');
      windowEnd ??= performance.now() + config.windowMs;
      summary.frames_decoded = inVideo.framesDecoded;
      summary.video_size = `${inVideo.frameWidth}x${inVideo.frameHeight}`;
    }
    if (outVideo) summary.frames_sent = outVideo.framesSent ?? 0;
    if (inAudio?.totalSamplesDuration > 0) {
      mark('first-audio');
      // webrtc-stats: totalAudioEnergy is the sum of (level² × duration), level in 0..1 of full scale.
      summary.audio_in_rms = Math.round(Math.sqrt(inAudio.totalAudioEnergy / inAudio.totalSamplesDuration) * 32767 * 10) / 10;
      summary.audio_in_seconds = Math.round(inAudio.totalSamplesDuration * 100) / 100;
    }
    if (config.app && windowEnd === null && summary.setup_ms.connected !== undefined && !config.video) {
      windowEnd = performance.now() + config.windowMs;
    }
    if (config.app && windowEnd !== null && performance.now() >= windowEnd) counting = false;
  }

  setInterval(() => { sample().catch(e => summary.errors.push(`stats: ${e.message ?? e}`)); }, 50);

  window.interopProbe = {
    // An app is done when its window is over and its pings are (a run without data: the window alone);
    // glasses are done when the app left.
    joined: () => joined,
    summary: () => ({ ...summary, done: config.app ? !counting && (pingsDone || !config.data) : peerLeft }),
  };
})();
