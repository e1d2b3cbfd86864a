'use strict';
// One RTCPeerConnection driven from C# (BrowserPeer.cs). C# calls tandem.call(json) with
// {fn, args}; every result goes back as a JSON string. Page events (ICE candidates, states,
// incoming channels) go to C# through window.tandemEvent, which Playwright exposes.
const tandem = (() => {
  let pc = null;
  let keepLast = 16;
  const channels = new Map(); // label -> { channel, received summary, last messages }
  const remoteElements = [];
  const waiters = new Set();

  const emit = (kind, data) => window.tandemEvent?.(JSON.stringify({ kind, data }));

  // Waits are event driven: every handler calls notify(), which re-checks the pending conditions.
  function notify() {
    for (const w of [...waiters]) w.check();
  }

  function waitUntil(condition, timeoutMs, describe) {
    return new Promise((resolve, reject) => {
      const finish = () => { clearTimeout(timer); waiters.delete(w); };
      const w = {
        check() {
          try {
            const value = condition();
            if (value) { finish(); resolve(value); }
          } catch (e) { finish(); reject(e); }
        },
      };
      const timer = setTimeout(() => { finish(); reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`)); }, timeoutMs);
      waiters.add(w);
      w.check();
    });
  }

  function requirePc() {
    if (!pc) throw new Error('no peer connection: call createPeerConnection first');
    return pc;
  }

  function entryOf(label) {
    const entry = channels.get(label);
    if (!entry) throw new Error(`no data channel labelled '${label}' (known: ${[...channels.keys()].join(', ') || 'none'})`);
    return entry;
  }

  // Numbered messages (sendNumbered, and the C# stack's tests) start with their index:
  // binary as a big-endian uint32, then bytes (index + i) & 0xff; text as "<index>:".
  function numberOf(data) {
    if (typeof data === 'string') {
      const m = /^(\d+):/.exec(data);
      return m ? { seq: Number(m[1]), patternOk: true } : null;
    }
    const bytes = new Uint8Array(data);
    if (bytes.length < 4) return null;
    const seq = new DataView(data).getUint32(0);
    let patternOk = true;
    for (let i = 4; i < bytes.length; i++) {
      if (bytes[i] !== ((seq + i) & 0xff)) { patternOk = false; break; }
    }
    return { seq, patternOk };
  }

  function onMessage(entry, data) {
    const r = entry.received;
    const size = typeof data === 'string' ? new TextEncoder().encode(data).length : data.byteLength;
    r.count++;
    r.bytes += size;
    if (typeof data === 'string') r.textCount++; else r.binaryCount++;
    const now = performance.now();
    r.firstAtMs ??= now;
    r.lastAtMs = now;
    const numbered = numberOf(data);
    if (numbered) {
      r.numbered++;
      if (numbered.seq !== r.nextSeq) r.sequenceBreaks++;
      if (!numbered.patternOk) r.patternErrors++;
      r.nextSeq = numbered.seq + 1;
    }
    entry.last.push({ size, data });
    if (entry.last.length > keepLast) entry.last.shift();
    notify();
  }

  function track(channel) {
    channel.binaryType = 'arraybuffer';
    const entry = {
      channel,
      error: null,
      last: [],
      received: {
        count: 0, bytes: 0, textCount: 0, binaryCount: 0, numbered: 0, nextSeq: 0,
        sequenceBreaks: 0, patternErrors: 0, firstAtMs: null, lastAtMs: null,
      },
    };
    channels.set(channel.label, entry);
    channel.onmessage = e => onMessage(entry, e.data);
    channel.onopen = notify;
    channel.onclosing = notify;
    channel.onclose = notify;
    channel.onbufferedamountlow = notify;
    channel.onerror = e => { entry.error = String(e.error?.message ?? e.error ?? 'error'); notify(); };
    return entry;
  }

  function describeChannel(channel) {
    return {
      label: channel.label, id: channel.id, protocol: channel.protocol, ordered: channel.ordered,
      maxRetransmits: channel.maxRetransmits, maxPacketLifeTime: channel.maxPacketLifeTime,
      negotiated: channel.negotiated, readyState: channel.readyState, bufferedAmount: channel.bufferedAmount,
    };
  }

  function attachRemoteTrack(track) {
    const element = document.createElement(track.kind === 'audio' ? 'audio' : 'video');
    element.autoplay = true;
    element.muted = false;
    element.srcObject = new MediaStream([track]);
    document.getElementById('remote').append(element);
    remoteElements.push(element);
    element.play().catch(e => emit('log', `play() failed: ${e}`));
  }

  function state() {
    const p = requirePc();
    return {
      connectionState: p.connectionState, iceConnectionState: p.iceConnectionState,
      iceGatheringState: p.iceGatheringState, signalingState: p.signalingState,
    };
  }

  async function send(label, binary, payload) {
    const { channel } = entryOf(label);
    channel.send(binary ? Uint8Array.fromBase64(payload) : payload);
    return true;
  }

  // Flow control: keep at most 1 MiB queued, waiting on bufferedamountlow (the queue is 16 MiB).
  async function sendWithFlowControl(channel, data, timeoutMs) {
    channel.bufferedAmountLowThreshold = 256 * 1024;
    if (channel.bufferedAmount > 1024 * 1024) {
      await waitUntil(() => channel.bufferedAmount <= 256 * 1024 || channel.readyState !== 'open', timeoutMs,
        () => `bufferedAmount ${channel.bufferedAmount} to drain on '${channel.label}'`);
    }
    channel.send(data);
  }

  function numbered(seq, size, binary) {
    if (!binary) return `${seq}:`.padEnd(size, 'x');
    const bytes = new Uint8Array(size);
    new DataView(bytes.buffer).setUint32(0, seq);
    for (let i = 4; i < size; i++) bytes[i] = (seq + i) & 0xff;
    return bytes;
  }

  async function sendNumbered(label, count, size, binary, timeoutMs) {
    const { channel } = entryOf(label);
    for (let seq = 0; seq < count; seq++) await sendWithFlowControl(channel, numbered(seq, size, binary), timeoutMs);
    return count;
  }

  async function flood(label, size, durationMs, timeoutMs) {
    const { channel } = entryOf(label);
    const end = performance.now() + durationMs;
    let seq = 0;
    while (performance.now() < end) await sendWithFlowControl(channel, numbered(seq++, size, true), timeoutMs);
    return seq;
  }

  const lipSync = lipSyncProbe(() => remoteElements, requirePc, waitUntil);

  const api = {
    createPeerConnection(config) {
      pc?.close();
      // The old connection's channels went with it: a new one may open "tandem" again.
      channels.clear();
      pc = new RTCPeerConnection(config ?? { iceServers: [] });
      pc.onicecandidate = e => {
        // null = gathering done for this generation: R36 end of candidates, "candidate": "".
        if (!e.candidate) emit('candidate', { candidate: '' });
        else if (e.candidate.candidate) emit('candidate', e.candidate.toJSON());
      };
      pc.ondatachannel = e => { track(e.channel); emit('datachannel', describeChannel(e.channel)); notify(); };
      pc.ontrack = e => attachRemoteTrack(e.track);
      for (const event of ['connectionstatechange', 'iceconnectionstatechange', 'icegatheringstatechange', 'signalingstatechange']) {
        pc.addEventListener(event, () => { emit('state', state()); notify(); });
      }
      return state();
    },
    async addMedia(audio, video) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio, video });
      for (const t of stream.getTracks()) requirePc().addTrack(t, stream);
      return stream.getTracks().map(t => ({ kind: t.kind, id: t.id, label: t.label }));
    },
    // With fakeTrack, the transceiver sends the fake camera/microphone (in a stream of its own).
    async addTransceiver(kind, direction, fakeTrack) {
      let t;
      if (fakeTrack) {
        const stream = await navigator.mediaDevices.getUserMedia({ [kind]: true });
        t = requirePc().addTransceiver(stream.getTracks()[0], { direction, streams: [stream] });
      } else {
        t = requirePc().addTransceiver(kind, { direction });
      }
      return requirePc().getTransceivers().indexOf(t);
    },
    // Answerer side: every audio transceiver the remote offer made sends the fake microphone (sendrecv).
    async attachFakeMic() {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      let attached = 0;
      for (const t of requirePc().getTransceivers()) {
        if (t.receiver.track.kind !== 'audio' || t.stopped) continue;
        t.direction = 'sendrecv';
        await t.sender.replaceTrack(stream.getAudioTracks()[0]);
        t.sender.setStreams(stream);
        attached++;
      }
      return attached;
    },
    // RTCRtpReceiver.jitterBufferTarget (ms) of every receiver: the least delay the page's playout keeps.
    setJitterBufferTarget(ms) {
      const receivers = requirePc().getReceivers();
      for (const r of receivers) r.jitterBufferTarget = ms;
      return receivers.map(r => r.jitterBufferTarget);
    },
    startLipSyncProbe: (lumaThreshold, rmsThreshold, timeoutMs) => lipSync.start(lumaThreshold, rmsThreshold, timeoutMs),
    lipSyncProbe: () => lipSync.result(),
    setCodecPreferences(kind, mimeTypes, fmtpContains) {
      const wanted = RTCRtpReceiver.getCapabilities(kind).codecs.filter(c =>
        mimeTypes.some(m => m.toLowerCase() === c.mimeType.toLowerCase())
        && (!fmtpContains || c.mimeType.toLowerCase() === 'video/rtx' || (c.sdpFmtpLine ?? '').includes(fmtpContains)));
      if (wanted.length === 0) throw new Error(`no ${kind} codec matches ${mimeTypes} ${fmtpContains ?? ''}`);
      const transceivers = requirePc().getTransceivers().filter(t => t.receiver.track.kind === kind);
      if (transceivers.length === 0) throw new Error(`no ${kind} transceiver`);
      for (const t of transceivers) t.setCodecPreferences(wanted);
      return wanted;
    },
    async createOffer(options) { return (await requirePc().createOffer(options ?? {})); },
    async createAnswer() { return (await requirePc().createAnswer()); },
    async setLocalDescription(description) {
      await (description ? requirePc().setLocalDescription(description) : requirePc().setLocalDescription());
      notify();
      return requirePc().localDescription.toJSON();
    },
    async setRemoteDescription(description) {
      await requirePc().setRemoteDescription(description);
      notify();
      return state();
    },
    // Candidates that arrive before the remote description are held until it is set.
    async addIceCandidate(candidate, timeoutMs) {
      await waitUntil(() => requirePc().remoteDescription, timeoutMs, () => 'a remote description before addIceCandidate');
      await requirePc().addIceCandidate(candidate);
      return true;
    },
    localDescription() { return requirePc().localDescription?.toJSON() ?? null; },
    remoteDescription() { return requirePc().remoteDescription?.toJSON() ?? null; },
    restartIce() { requirePc().restartIce(); return state(); },
    state,
    waitForState(property, value, timeoutMs) {
      return waitUntil(() => {
        const s = state();
        if (s[property] === value) return s;
        if (property === 'connectionState' && s.connectionState === 'failed') throw new Error(`connection failed while waiting for ${value}`);
        return null;
      }, timeoutMs, () => `${property} = ${value}, now ${JSON.stringify(state())}`);
    },
    createDataChannel(label, options) {
      if (channels.has(label)) throw new Error(`data channel '${label}' already exists`);
      return describeChannel(track(requirePc().createDataChannel(label, options ?? {})).channel);
    },
    waitForChannelState(label, readyState, timeoutMs) {
      return waitUntil(() => {
        const entry = channels.get(label);
        return entry?.channel.readyState === readyState ? describeChannel(entry.channel) : null;
      }, timeoutMs, () => `channel '${label}' ${readyState}, now ${channels.get(label)?.channel.readyState ?? 'absent'}`);
    },
    channel(label) { return describeChannel(entryOf(label).channel); },
    send,
    sendNumbered,
    flood,
    closeChannel(label) { entryOf(label).channel.close(); return true; },
    setKeepLast(n) { keepLast = n; return n; },
    received(label, lastN) {
      const entry = entryOf(label);
      const last = lastN > 0 ? entry.last.slice(-lastN) : [];
      return {
        ...entry.received,
        error: entry.error,
        last: last.map(({ size, data }) => typeof data === 'string'
          ? { binary: false, size, data }
          : { binary: true, size, data: new Uint8Array(data).toBase64() }),
      };
    },
    waitForMessages(label, count, timeoutMs) {
      return waitUntil(() => {
        const entry = channels.get(label);
        return entry && entry.received.count >= count ? { ...entry.received, error: entry.error, last: [] } : null;
      }, timeoutMs, () => `${count} messages on '${label}', got ${channels.get(label)?.received.count ?? 'no channel'}`);
    },
    async stats() { return [...(await requirePc().getStats()).values()]; },
    close() { pc?.close(); notify(); return true; },
  };

  return {
    async call(json) {
      const { fn, args } = JSON.parse(json);
      if (!Object.hasOwn(api, fn)) throw new Error(`unknown function ${fn}`);
      const result = await api[fn](...args);
      return JSON.stringify(result ?? null);
    },
  };
})();
