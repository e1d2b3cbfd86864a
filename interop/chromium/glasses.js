// Chromium as the glasses: joins as glasses_<uid> (?id=), sends the fake camera as H.264 (only H.264,
// through setCodecPreferences) and a steady tone as its microphone, as Opus, plays the app's audio, and offers or
// answers as the role message says (PROTOCOL.md R18, R36-R38). The signaling and SDP helpers are the
// /app page's own (web/app/signaling.js and sdp.js, served beside this page); ?ws= names the Tandem
// server's WebSocket. What it measures is the probe's (probe.js, installed before this script).
import { Signaling } from './signaling.js';
import { withOpus16k } from './sdp.js';

const query = new URLSearchParams(location.search);
const want = { video: query.get('video') !== '0', audio: query.get('audio') !== '0', data: query.get('data') !== '0' };
let pc = null;
let media = null;
let pendingIce = [];
const log = [];
window.glassesLog = log;

const signaling = new Signaling(query.get('id'), query.get('token'), {
  state: (state, detail) => log.push(`signaling ${state}${detail ? `: ${detail}` : ''}`),
  message: m => { queue = queue.then(() => handle(m)).catch(e => log.push(`${m.type}: ${e.message ?? e}`)); },
});
let queue = Promise.resolve();
// The page comes from a loopback page server of its own (a page Playwright fulfils counts as a public
// origin, and Chromium then blocks its WebSocket to loopback), so the server's address is given.
signaling.url = query.get('ws');

async function localMedia() {
  if (!media) {
    // ?width=&height= ask the fake camera for that size (the latency benchmark matches our glasses' 1280x720).
    const size = query.get('width') ? { width: { exact: +query.get('width') }, height: { exact: +query.get('height') } } : true;
    media = want.video ? await navigator.mediaDevices.getUserMedia({ video: size }) : new MediaStream();
    if (want.audio) media.addTrack(steadyTone());
  }
  return media;
}

// The microphone: a steady 440 Hz tone instead of the fake device's short beeps once a second, so
// the level our app measures over a few seconds does not hinge on how many beeps fell inside them.
function steadyTone() {
  const context = new AudioContext({ sampleRate: 48000 });
  const tone = context.createOscillator();
  tone.frequency.value = 440;
  const gain = context.createGain();
  gain.gain.value = 0.2;
  const out = context.createMediaStreamDestination();
  tone.connect(gain).connect(out);
  tone.start();
  return out.stream.getAudioTracks()[0];
}

// R37: H.264 packetization-mode 1 only on video (with its RFC 4588 rtx, as a browser sends by default), Opus only on audio.
function prefer(transceiver, kind) {
  const codecs = RTCRtpSender.getCapabilities(kind).codecs.filter(c => (kind === 'video'
    ? (c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine ?? '') && /profile-level-id=42e01f/.test(c.sdpFmtpLine ?? ''))
      || c.mimeType === 'video/rtx'
    : c.mimeType === 'audio/opus'));
  transceiver.setCodecPreferences(codecs);
}

function create() {
  pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  pc.onicecandidate = e => signaling.send('ice', e.candidate?.candidate
    ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex }
    : { candidate: '' });
  pc.ontrack = e => {
    if (e.track.kind !== 'audio') return;
    const audio = document.getElementById('remote-audio');
    audio.srcObject = new MediaStream([e.track]);
    audio.play().catch(err => log.push(`play: ${err}`));
  };
  return pc;
}

async function handle(message) {
  if (message.type === 'role' && !message.data?.resumed) {
    if (message.data.role !== 'offerer') return;
    const stream = await localMedia();
    create();
    if (want.video) prefer(pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream] }), 'video');
    if (want.audio) prefer(pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] }), 'audio');
    // R38: the offerer creates "tandem", ordered and reliable.
    if (want.data) pc.createDataChannel('tandem', { ordered: true });
    const offer = await pc.createOffer();
    const sdp = withOpus16k(offer.sdp);
    await pc.setLocalDescription({ type: 'offer', sdp });
    signaling.send('offer', { type: 'offer', sdp });
  } else if (message.type === 'offer') {
    const stream = await localMedia();
    create();
    await pc.setRemoteDescription(message.data);
    for (const t of pc.getTransceivers()) {
      const kind = t.receiver.track.kind;
      if (kind === 'video' && want.video) {
        await t.sender.replaceTrack(stream.getVideoTracks()[0]);
        t.direction = 'sendonly';
        prefer(t, 'video');
      } else if (kind === 'audio' && want.audio) {
        await t.sender.replaceTrack(stream.getAudioTracks()[0]);
        t.direction = 'sendrecv';
        prefer(t, 'audio');
      }
    }
    const answer = await pc.createAnswer();
    const sdp = withOpus16k(answer.sdp);
    await pc.setLocalDescription({ type: 'answer', sdp });
    signaling.send('answer', { type: 'answer', sdp });
    await flush();
  } else if (message.type === 'answer') {
    await pc.setRemoteDescription(message.data);
    await flush();
  } else if (message.type === 'ice' && typeof message.data?.candidate === 'string' && message.data.candidate !== '') {
    if (pc?.remoteDescription) await pc.addIceCandidate(message.data);
    else pendingIce.push(message.data);
  } else if (message.type === 'leave') {
    pc?.close();
  }
}

async function flush() {
  const pending = pendingIce;
  pendingIce = [];
  for (const candidate of pending) await pc.addIceCandidate(candidate);
}

signaling.start();
