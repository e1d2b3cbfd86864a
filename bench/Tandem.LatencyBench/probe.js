// Installed before the /app page's own scripts: what the app shows and when, on performance.now().
// - joinAt: when the page sent its join (the first WebSocket message of type join);
// - frames: for each frame the <video> shows, requestVideoFrameCallback's expectedDisplayTime and
//   captureTime (the sender's capture time, mapped into this page's clock through RTCP sender reports), its
//   RTP timestamp, when its last packet arrived, and the count of frames handed to the compositor (a jump of more
//   than one: frames shown without a callback);
// - pcs: the page's RTCPeerConnections, for getStats (the jitter buffer).
(() => {
  const bench = { joinAt: null, frames: [], pcs: [], marks: {} };
  const mark = name => { if (!(name in bench.marks)) bench.marks[name] = performance.now(); };
  window.tandemBench = bench;

  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (bench.joinAt === null && typeof data === 'string' && /"type"\s*:\s*"join"/.test(data)) bench.joinAt = performance.now();
    if (typeof data === 'string') {
      const type = /"type"\s*:\s*"(\w+)"/.exec(data)?.[1];
      if (type) mark(`sent ${type}`);
    }
    return send.call(this, data);
  };
  // When each kind of signaling message first arrived.
  const addEventListener = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, ...rest) {
    if (type === 'message') {
      const inner = listener;
      listener = event => {
        const kind = typeof event.data === 'string' ? /"type"\s*:\s*"(\w+)"/.exec(event.data)?.[1] : null;
        if (kind) mark(`got ${kind}`);
        return typeof inner === 'function' ? inner.call(this, event) : inner.handleEvent(event);
      };
    }
    return addEventListener.call(this, type, listener, ...rest);
  };
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return onmessage.get.call(this); },
    set(handler) {
      onmessage.set.call(this, event => {
        const kind = typeof event.data === 'string' ? /"type"\s*:\s*"(\w+)"/.exec(event.data)?.[1] : null;
        if (kind) mark(`got ${kind}`);
        return handler?.call(this, event);
      });
    },
  });

  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      bench.pcs.push(this);
      this.addEventListener('iceconnectionstatechange', () => mark(`ice ${this.iceConnectionState}`));
      this.addEventListener('connectionstatechange', () => mark(`pc ${this.connectionState}`));
      this.addEventListener('track', e => { mark(`track ${e.track.kind}`); startSampling(); });
    }
  };

  const watch = () => {
    const video = document.getElementById('remote-video');
    if (!video) {
      setTimeout(watch, 20);
      return;
    }
    const onFrame = (now, meta) => {
      mark('first frame');
      bench.frames.push([now, meta.expectedDisplayTime, meta.captureTime ?? null, meta.rtpTimestamp ?? null, meta.receiveTime ?? null, meta.presentedFrames ?? null]);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  document.addEventListener('DOMContentLoaded', watch);

  // The page's lip-sync inputs over time: every 200 ms from the first track on, the first connection's
  // inbound audio and video counters and the audio device's playout delay, as raw cumulative values
  // (bench/Tandem.LatencyBench/SyncTrace.cs takes the differences):
  // [t, audio packets, audio jitterBufferDelay, audio emitted, audio target, audio estimatedPlayoutTimestamp,
  //  audio samples removed by acceleration, inserted by deceleration, concealed, video packets, video jitterBufferDelay,
  //  video emitted, video target, video minimum, video estimatedPlayoutTimestamp, playout delay, playout samples,
  //  audio SRs received, video SRs received]
  bench.syncTrace = [];
  let sampling = false;
  const sample = async () => {
    const pc = bench.pcs[0];
    if (!pc) return;
    const stats = await pc.getStats();
    let a = null, v = null, p = null, aSr = null, vSr = null;
    for (const s of stats.values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') a = s;
      if (s.type === 'inbound-rtp' && s.kind === 'video') v = s;
      if (s.type === 'media-playout') p = s;
      if (s.type === 'remote-outbound-rtp' && s.kind === 'audio') aSr = s;
      if (s.type === 'remote-outbound-rtp' && s.kind === 'video') vSr = s;
    }
    bench.syncTrace.push([performance.now(), a?.packetsReceived ?? 0, a?.jitterBufferDelay ?? 0, a?.jitterBufferEmittedCount ?? 0,
      a?.jitterBufferTargetDelay ?? 0, a?.estimatedPlayoutTimestamp ?? null, a?.removedSamplesForAcceleration ?? 0,
      a?.insertedSamplesForDeceleration ?? 0, a?.concealedSamples ?? 0, v?.packetsReceived ?? 0, v?.jitterBufferDelay ?? 0,
      v?.jitterBufferEmittedCount ?? 0, v?.jitterBufferTargetDelay ?? 0, v?.jitterBufferMinimumDelay ?? 0,
      v?.estimatedPlayoutTimestamp ?? null, p?.totalPlayoutDelay ?? 0, p?.totalSamplesCount ?? 0, aSr?.reportsSent ?? 0, vSr?.reportsSent ?? 0]);
  };
  const startSampling = () => {
    if (sampling) return;
    sampling = true;
    setInterval(() => { sample().catch(() => {}); }, 200);
  };

  // The inbound video's jitter buffer counters: { delay, target, minimum: seconds summed, emitted: frames },
  // and the inbound audio's (its delay and target summed over `audioEmitted` samples; zero without audio).
  bench.jitterBuffer = async () => {
    for (const pc of bench.pcs) {
      const stats = await pc.getStats();
      let video = null, audio = null;
      for (const s of stats.values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'video') video = s;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audio = s;
      }
      if (video) return {
        delay: video.jitterBufferDelay ?? 0, emitted: video.jitterBufferEmittedCount ?? 0, target: video.jitterBufferTargetDelay ?? 0,
        minimum: video.jitterBufferMinimumDelay ?? 0, decoded: video.framesDecoded ?? 0, width: video.frameWidth ?? 0, height: video.frameHeight ?? 0,
        audioDelay: audio?.jitterBufferDelay ?? 0, audioTarget: audio?.jitterBufferTargetDelay ?? 0, audioEmitted: audio?.jitterBufferEmittedCount ?? 0,
      };
    }
    return null;
  };
})();
