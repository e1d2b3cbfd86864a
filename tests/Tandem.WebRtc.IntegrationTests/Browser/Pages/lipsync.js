'use strict';
// Lip-sync probe (peer.js startLipSyncProbe): when does the page show each flash of the remote video
// and play each beep of the remote audio? Both times are on performance.now():
// - video: requestVideoFrameCallback's expectedDisplayTime of each frame, with the frame's mean luma
//   (drawn into a tiny canvas);
// - audio: an AudioWorklet on the remote track finds each beep onset (RMS over a threshold after
//   200 ms below it) in AudioContext time, mapped to performance time with getOutputTimestamp().
const onsetWorklet = `
class TandemOnset extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.threshold = options.processorOptions.threshold;
    this.quietSamples = 0;
    this.blocks = 0;
  }
  process(inputs) {
    const channel = inputs[0]?.[0];
    this.blocks++;
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      if (Math.abs(channel[i]) >= this.threshold) {
        if (this.quietSamples >= 0.2 * sampleRate) this.port.postMessage({ time: currentTime + i / sampleRate, blocks: this.blocks });
        this.quietSamples = 0;
      } else {
        this.quietSamples++;
      }
    }
    return true;
  }
}
registerProcessor('tandem-onset', TandemOnset);
`;

function lipSyncProbe(remoteElements, requirePc, waitUntil) {
  const probe = { frames: [], beeps: [], errors: [], audioState: null, outputLatency: null };
  let context = null;

  async function start(lumaThreshold, rmsThreshold, timeoutMs) {
    const video = await waitUntil(() => remoteElements().find(e => e.tagName === 'VIDEO'), timeoutMs, () => 'a remote video element');
    const receiver = requirePc().getReceivers().find(r => r.track.kind === 'audio');
    if (!receiver) throw new Error('no audio receiver');

    const canvas = new OffscreenCanvas(32, 18);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    const onFrame = (now, meta) => {
      try {
        g.drawImage(video, 0, 0, canvas.width, canvas.height);
        const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        probe.frames.push({
          rtpTimestamp: meta.rtpTimestamp ?? null, expectedDisplayTime: meta.expectedDisplayTime,
          presentationTime: meta.presentationTime, luma: sum / (d.length / 4), bright: sum / (d.length / 4) >= lumaThreshold,
        });
      } catch (e) {
        probe.errors.push(String(e));
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);

    context = new AudioContext();
    const url = URL.createObjectURL(new Blob([onsetWorklet], { type: 'text/javascript' }));
    await context.audioWorklet.addModule(url);
    const source = context.createMediaStreamSource(new MediaStream([receiver.track]));
    const node = new AudioWorkletNode(context, 'tandem-onset', { processorOptions: { threshold: rmsThreshold } });
    const mute = context.createGain();
    mute.gain.value = 0;
    source.connect(node).connect(mute).connect(context.destination);
    node.port.onmessage = e => {
      const ts = context.getOutputTimestamp();
      probe.beeps.push({ contextTime: e.data.time, performanceTime: ts.performanceTime + (e.data.time - ts.contextTime) * 1000 });
    };
    await context.resume();
    probe.audioState = context.state;
    return true;
  }

  function result() {
    probe.audioState = context?.state ?? null;
    probe.outputLatency = context ? (context.outputLatency ?? 0) + context.baseLatency : null;
    return probe;
  }

  return { start, result };
}
