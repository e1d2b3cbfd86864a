// The media session with the glasses: one RTCPeerConnection that follows the role message
// (PROTOCOL.md R18), offers or answers (R36–R38), trickles ICE both ways and restarts ICE when a
// resumed pairing finds its connection down (R30); a fresh page handed a resumed answerer's slot
// leaves and joins again so that the glasses offer a new connection.
import { connectionOf, h264Codecs, withOpus16k } from './sdp.js';

// 16 kHz-friendly capture: mono speech with the browser's voice processing on.
const micConstraints = {
  audio: {
    channelCount: 1,
    sampleRate: { ideal: 16000 },
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  },
  video: false,
};

export class Call {
  pc = null;
  role = null;
  channel = null;
  mic = null;
  micProblem = null;
  #micRequest = null;
  #pendingIce = [];
  #remoteConnection = null;
  #endOfCandidatesSent = false;
  #awaitingFreshRole = false;
  #queue = Promise.resolve();

  /**
   * @param {import('./signaling.js').Signaling} signaling
   * @param {{ changed(): void, event(t: string, tone?: string): void, chat(who: string, t: string, mine: boolean): void,
   *           track(t: MediaStreamTrack): void, cleared(): void }} ui
   * @param {RTCIceServer[]} iceServers static servers (from the page URL)
   * @param {RTCIceTransportPolicy} iceTransportPolicy 'all', or 'relay' for TURN only
   */
  constructor(signaling, ui, iceServers, iceTransportPolicy = 'all') {
    this.signaling = signaling;
    this.ui = ui;
    this.iceServers = iceServers;
    this.iceTransportPolicy = iceTransportPolicy;
    /** The role message's data.ice_servers: TURN with short-lived credentials from the server. */
    this.serverIceServers = [];
  }

  /** Handles one server message; messages are handled one at a time, in arrival order (R22). */
  handle(message) {
    this.#run(message.type, () => this.#dispatch(message));
  }

  #run(what, step) {
    this.#queue = this.#queue
      .then(step)
      .catch(e => this.ui.event(`${what}: ${e.message ?? e}`, 'bad'));
  }

  /** Sends one chat line on the data channel; false when it is not open. */
  sendChat(text) {
    if (this.channel?.readyState !== 'open') return false;
    this.channel.send(text);
    this.ui.chat('me', text, true);
    return true;
  }

  isConnected() {
    return this.pc?.connectionState === 'connected'
      || ['connected', 'completed'].includes(this.pc?.iceConnectionState);
  }

  /** Closes the peer connection (after a leave, or when the user leaves). */
  close() {
    const pc = this.pc;
    this.pc = null;
    this.channel = null;
    this.#pendingIce = [];
    this.#remoteConnection = null;
    pc?.close();
    this.ui.cleared();
    this.ui.changed();
  }

  async #dispatch(message) {
    // After a rejoin, what the glasses sent for the abandoned pairing is not ours to answer.
    if (this.#awaitingFreshRole && ['offer', 'answer', 'ice'].includes(message.type)) return undefined;
    switch (message.type) {
      case 'role': return this.#onRole(message.data ?? {});
      case 'offer': return this.#onOffer(message.data);
      case 'answer': return this.#onAnswer(message.data);
      case 'ice': return this.#onIce(message.data);
      case 'leave': return this.#onLeave(message);
      default: return undefined;
    }
  }

  async #onRole(data) {
    const resumed = data.resumed === true;
    this.ui.event(`${resumed ? 'pairing resumed' : 'paired'} with ${data.peer_id}: this page is the ${data.role}`, 'good');
    if (resumed && this.pc && this.role === data.role) {
      if (this.isConnected()) {
        this.ui.event('media is still up: nothing to renegotiate');
        return;
      }
      if (this.role === 'offerer') {
        this.ui.event('media is down: restarting ICE', 'warn');
        await this.#offer(true);
      } else {
        this.ui.event('media is down: waiting for the glasses to restart ICE', 'warn');
      }
      return;
    }

    if (resumed && !this.pc && data.role === 'answerer') {
      // R30 gave us back a held slot, but this page is new (reloaded, or reopened within the grace):
      // the glasses may still hold the old page's connection, and only the offerer starts a new one.
      // Leave and join again (R25, R26): the glasses drop that connection and offer afresh.
      this.ui.event('this page has no connection to resume: leaving and joining again so the glasses offer afresh', 'warn');
      this.#awaitingFreshRole = true;
      this.signaling.rejoin();
      return;
    }

    this.#awaitingFreshRole = false;
    this.close();
    this.role = data.role;
    this.serverIceServers = Array.isArray(data.ice_servers) ? data.ice_servers.filter(s => s && typeof s === 'object' && s.urls) : [];
    this.ui.changed();
    if (this.role !== 'offerer') return;

    const mic = await this.#microphone();
    const pc = this.#createPeerConnection();
    // R37: video recvonly on this side, H.264 packetization-mode 1 only.
    this.#preferH264(pc.addTransceiver('video', { direction: 'recvonly' }));
    const track = mic?.getAudioTracks()[0];
    this.#preferOpus(pc.addTransceiver(track ?? 'audio', { direction: 'sendrecv', streams: mic ? [mic] : [] }));
    // R38: the offerer creates "tandem", ordered and reliable.
    this.#useChannel(pc.createDataChannel('tandem', { ordered: true }));
    await this.#offer(false);
  }

  async #offer(iceRestart) {
    const pc = this.pc;
    const offer = await pc.createOffer({ iceRestart });
    const sdp = withOpus16k(offer.sdp);
    await pc.setLocalDescription({ type: 'offer', sdp });
    this.signaling.send('offer', { type: 'offer', sdp });
    this.ui.event(iceRestart ? 'sent an ICE-restart offer' : 'sent the offer');
  }

  async #onOffer(description) {
    if (this.role === 'offerer') {
      this.ui.event('ignored an offer: this page is the offerer', 'warn');
      return;
    }
    const remote = connectionOf(description.sdp);
    if (this.pc && this.#remoteConnection && remote !== this.#remoteConnection) {
      this.ui.event('the glasses started a new connection', 'warn');
      this.close();
    }
    const pc = this.pc ?? this.#createPeerConnection();
    await pc.setRemoteDescription(description);
    this.#remoteConnection = remote;
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      if (transceiver.stopped || transceiver.currentDirection === 'stopped') continue;
      if (kind === 'video') {
        transceiver.direction = 'recvonly';
        this.#preferH264(transceiver);
      } else if (kind === 'audio') {
        this.#preferOpus(transceiver);
        if (!transceiver.sender.track && this.micProblem == null) {
          // The answer does not wait for the microphone (opening it takes about a second in Chromium):
          // the track joins the sender when it is ready, which needs no renegotiation.
          transceiver.direction = 'sendrecv';
          this.#attachMicrophone(pc, transceiver);
        }
      }
    }
    const answer = await pc.createAnswer();
    const sdp = withOpus16k(answer.sdp);
    await pc.setLocalDescription({ type: 'answer', sdp });
    this.signaling.send('answer', { type: 'answer', sdp });
    this.ui.event('answered the offer');
    await this.#flushIce();
  }

  async #onAnswer(description) {
    if (this.pc?.signalingState !== 'have-local-offer') {
      this.ui.event('ignored an answer: no offer is pending', 'warn');
      return;
    }
    await this.pc.setRemoteDescription(description);
    this.#remoteConnection = connectionOf(description.sdp);
    this.ui.event('got the answer');
    await this.#flushIce();
  }

  async #onIce(candidate) {
    if (!candidate || typeof candidate.candidate !== 'string') return;
    if (!this.pc?.remoteDescription) {
      this.#pendingIce.push(candidate);
      return;
    }
    await this.#addIce(candidate);
  }

  async #flushIce() {
    const pending = this.#pendingIce;
    this.#pendingIce = [];
    for (const candidate of pending) await this.#addIce(candidate);
  }

  async #addIce(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (e) {
      // R36: "" is end of candidates; a browser that cannot take it loses nothing.
      if (candidate.candidate !== '') this.ui.event(`ICE candidate refused: ${e.message}`, 'warn');
    }
  }

  #onLeave(message) {
    const reason = message.data?.reason ?? 'left';
    this.ui.event(`${message.from} ${reason === 'disconnected' ? 'disconnected' : 'left'} (${reason})`, 'warn');
    this.role = null;
    this.close();
  }

  #createPeerConnection() {
    const pc = new RTCPeerConnection({
      iceServers: [...this.iceServers, ...this.serverIceServers],
      iceTransportPolicy: this.iceTransportPolicy,
      bundlePolicy: 'max-bundle',
    });
    this.pc = pc;
    this.#endOfCandidatesSent = false;
    const current = handler => (...args) => { if (this.pc === pc) handler(...args); };
    pc.onicecandidate = current(e => {
      const c = e.candidate;
      if (c?.candidate) {
        this.#endOfCandidatesSent = false;
        this.signaling.send('ice', { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex });
      } else if (!this.#endOfCandidatesSent) {
        this.#endOfCandidatesSent = true;
        this.signaling.send('ice', { candidate: '' });
      }
    });
    // A TURN server that refuses us (e.g. expired credentials) is worth seeing; host-candidate errors are noise.
    pc.onicecandidateerror = current(e => {
      if (e.url?.startsWith('turn')) this.ui.event(`TURN ${e.url}: ${e.errorCode} ${e.errorText}`, 'warn');
    });
    pc.ontrack = current(e => this.ui.track(e.track));
    pc.ondatachannel = current(e => this.#useChannel(e.channel));
    pc.onsignalingstatechange = current(() => this.ui.changed());
    pc.onconnectionstatechange = current(() => this.ui.changed());
    pc.oniceconnectionstatechange = current(() => {
      this.ui.changed();
      if (pc.iceConnectionState === 'failed' && this.role === 'offerer' && this.signaling.peerId) {
        this.ui.event('ICE failed: restarting it', 'warn');
        this.#run('ice restart', () => (this.pc === pc ? this.#offer(true) : undefined));
      }
    });
    this.ui.changed();
    return pc;
  }

  #useChannel(channel) {
    channel.binaryType = 'arraybuffer';
    if (channel.label === 'tandem' || !this.channel) this.channel = channel;
    const changed = () => { if (this.channel === channel) this.ui.changed(); };
    channel.onopen = changed;
    channel.onclose = changed;
    channel.onmessage = e => {
      const text = typeof e.data === 'string' ? e.data : `[${e.data.byteLength} bytes of binary]`;
      this.ui.chat(channel.label === 'tandem' ? 'glasses' : `glasses · ${channel.label}`, text, false);
    };
    this.ui.changed();
  }

  #preferH264(transceiver) {
    const codecs = h264Codecs();
    if (codecs.length === 0) {
      this.ui.event('this browser cannot receive H.264 video', 'bad');
      return;
    }
    transceiver.setCodecPreferences(codecs);
  }

  // R37: audio is Opus (opus/48000/2) only, so the glasses need no other audio codec.
  #preferOpus(transceiver) {
    const opus = (globalThis.RTCRtpReceiver?.getCapabilities?.('audio')?.codecs ?? [])
      .filter(c => c.mimeType.toLowerCase() === 'audio/opus');
    if (opus.length > 0) transceiver.setCodecPreferences(opus);
  }

  /** Asks for the microphone ahead of the call (the page does on start), so that it is ready when media starts. */
  prepareMicrophone() {
    this.#microphone();
  }

  async #attachMicrophone(pc, transceiver) {
    const mic = await this.#microphone();
    if (!mic || this.pc !== pc || transceiver.sender.track) return;
    try {
      await transceiver.sender.replaceTrack(mic.getAudioTracks()[0]);
    } catch (e) {
      this.ui.event(`microphone not sent: ${e.message ?? e}`, 'warn');
    }
  }

  /** The microphone, asked for once; null (with micProblem set) when it is not available. */
  #microphone() {
    this.#micRequest ??= (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        this.micProblem = 'unavailable: the microphone needs HTTPS (or localhost)';
        this.ui.event(`microphone ${this.micProblem}`, 'warn');
        return null;
      }
      try {
        this.mic = await navigator.mediaDevices.getUserMedia(micConstraints);
        return this.mic;
      } catch (e) {
        this.micProblem = `unavailable: ${e.name === 'NotAllowedError' ? 'permission denied' : e.message}`;
        this.ui.event(`microphone ${this.micProblem}`, 'warn');
        return null;
      } finally {
        this.ui.changed();
      }
    })();
    return this.#micRequest;
  }
}
