// The app page: joins the signaling server as app_<uid> (from ?id=), plays the glasses' video and
// audio, sends the microphone, and chats on the "tandem" data channel. window.tandemApp exposes
// the live state and stats for tests and for the browser console.
import { Call } from './call.js';
import { Signaling } from './signaling.js';
import { StatsSampler } from './stats.js';
import { view } from './view.js';

const $ = id => document.getElementById(id);
const uidPattern = /^[A-Za-z0-9_.:-]{1,64}$/;

/** ?id=app_123456, or a bare uid; null when absent or not a valid app id (PROTOCOL.md R5). */
function appIdFromQuery() {
  const raw = new URLSearchParams(location.search).get('id')?.trim();
  if (!raw) return null;
  const id = raw.startsWith('app_') ? raw : `app_${raw}`;
  return uidPattern.test(id.slice(4)) ? id : null;
}

function iceServersFromQuery() {
  return new URLSearchParams(location.search).getAll('stun').map(urls => ({ urls }));
}

// ?relay=1: TURN relayed candidates only (W3C iceTransportPolicy "relay").
function iceTransportPolicyFromQuery() {
  return new URLSearchParams(location.search).get('relay') === '1' ? 'relay' : 'all';
}

const kbps = bps => (bps == null ? '–' : bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mbit/s` : `${Math.round(bps / 1000)} kbit/s`);

function main() {
  const deviceId = appIdFromQuery();
  if (!deviceId) {
    $('join-form').hidden = false;
    view.badge('not connected', 'idle');
    const given = new URLSearchParams(location.search).get('id');
    if (given) view.badge('invalid id', 'bad');
    $('join-id').value = given ?? '';
    $('join-id').focus();
    return;
  }

  $('session').hidden = false;
  $('device').textContent = deviceId;
  document.title = `Tandem · ${deviceId}`;

  let lastStats = null;
  let signalingDetail = '';
  let previousState = 'idle';
  const events = [];
  const chat = [];
  const video = $('remote-video');
  const audio = $('remote-audio');
  const unmute = $('unmute');

  const play = async element => {
    try {
      await element.play();
    } catch (e) {
      // Autoplay policy: sound may start only after a tap on the page.
      if (e.name === 'NotAllowedError') unmute.hidden = false;
    }
  };

  const ui = {
    changed: render,
    event(text, tone = '') {
      events.push({ at: Date.now(), text, tone });
      view.event(text, tone);
    },
    chat(who, text, mine) {
      chat.push({ at: Date.now(), who, text, mine });
      view.chat(who, text, mine);
    },
    track(track) {
      // Audio plays through the unmuted <audio>; the <video> gets the video track only, so
      // muting it (which lets it autoplay everywhere) silences nothing.
      const element = track.kind === 'video' ? video : audio;
      element.srcObject = new MediaStream([track]);
      track.onunmute = () => render();
      play(element);
      render();
    },
    cleared() {
      video.srcObject = null;
      audio.srcObject = null;
      lastStats = null;
      sampler.reset();
    },
  };

  const signaling = new Signaling(deviceId, {
    state(state, detail) {
      signalingDetail = detail ?? '';
      if (detail) ui.event(`signaling ${state}: ${detail}`, state === 'closed' ? 'bad' : 'warn');
      if (state === 'joined' && ['connecting', 'reconnecting'].includes(previousState)) ui.event(`joined the server as ${deviceId}`);
      previousState = state;
      // A dropped socket leaves the media alone: the server resumes the pairing (R30) and the
      // connection renegotiates only if it went down. Replaced by another tab: that one takes over.
      if (state === 'closed') call.close();
      render();
    },
    message(message) {
      if (message.type === 'error') {
        const d = message.data ?? {};
        ui.event(`server error ${d.error_code}: ${d.error_message}${d.request_type ? ` (on ${d.request_type})` : ''}`, 'bad');
        view.alert(`Server error ${d.error_code}: ${d.error_message}`);
        return;
      }
      if (message.type === 'role') view.alert(null);
      if (message.type === 'leave') view.alert(`The glasses ${message.data?.reason === 'disconnected' ? 'disconnected' : 'left'}. Waiting for them to come back…`, 'warn');
      call.handle(message);
    },
  });
  const call = new Call(signaling, ui, iceServersFromQuery(), iceTransportPolicyFromQuery());
  const sampler = new StatsSampler();

  function render() {
    const pc = call.pc;
    const s = signaling.state;
    const toneOf = value => (['connected', 'completed', 'open', 'paired', 'on'].includes(value) ? 'good'
      : ['failed', 'closed', 'disconnected', 'off'].includes(value) ? 'bad'
        : ['checking', 'connecting', 'reconnecting', 'new', 'joined'].includes(value) ? 'warn' : '');
    view.state('signaling', s + (s === 'joined' ? ' · waiting for the glasses' : ''), toneOf(s));
    view.state('role', call.role ?? '–');
    view.state('peer', signaling.peerId ?? '–');
    view.state('ice', pc ? `${pc.iceConnectionState} · gathering ${pc.iceGatheringState}` : '–', toneOf(pc?.iceConnectionState));
    view.state('connection', pc ? `${pc.connectionState} · ${pc.signalingState}` : '–', toneOf(pc?.connectionState));
    view.state('channel', call.channel ? `${call.channel.label} · ${call.channel.readyState}` : '–', toneOf(call.channel?.readyState));
    const mic = call.mic?.getAudioTracks()[0];
    view.state('mic', mic ? (mic.enabled ? 'on' : 'muted') : call.micProblem ?? '–', mic ? (mic.enabled ? 'good' : 'warn') : '');
    $('mic').disabled = !mic;
    $('mic').setAttribute('aria-pressed', String(mic ? !mic.enabled : false));
    $('mic').textContent = mic && !mic.enabled ? 'Unmute mic' : 'Mute mic';
    view.chatEnabled(call.channel?.readyState === 'open');

    const live = call.isConnected();
    const frames = lastStats?.video.framesDecoded ?? 0;
    if (s === 'idle') view.badge('left', 'idle');
    else if (s === 'closed') view.badge('stopped', 'bad');
    else if (s === 'reconnecting' || s === 'connecting') view.badge(s === 'connecting' ? 'connecting…' : 'reconnecting…', 'warn');
    else if (live) view.badge('live', 'good');
    else if (s === 'paired') view.badge('connecting media…', 'warn');
    else view.badge('waiting for glasses', 'warn');
    view.note(live && frames > 0 ? null
      : s === 'idle' ? 'You left. Press Join to connect again.'
        : s === 'closed' ? `Stopped: ${signalingDetail}`
          : s === 'paired' || live ? 'Connecting to the glasses…'
            : s === 'joined' ? 'Waiting for the glasses to join…' : 'Connecting to the server…');
    $('leave').textContent = s === 'idle' || s === 'closed' ? 'Join' : 'Leave';
  }

  function renderStats(st) {
    view.stat('video', st.video.codec ? `${st.video.codec.replace('video/', '')} · ${st.video.framesPerSecond.toFixed(0)} fps` : '–');
    view.stat('frames', `${st.video.framesDecoded} (${st.video.keyFramesDecoded} key, ${st.video.packetsLost} packets lost)`);
    view.stat('resolution', st.video.width ? `${st.video.width} × ${st.video.height}` : '–');
    view.stat('audioIn', st.audioIn.codec ? `${st.audioIn.level.toFixed(2)} · ${st.audioIn.packetsReceived} packets` : '–');
    view.stat('audioOut', st.audioOut.packetsSent ? `${st.audioOut.level.toFixed(2)} · ${st.audioOut.packetsSent} packets` : '–');
    view.levels(Math.min(1, st.audioIn.level * 3), Math.min(1, st.audioOut.level * 3));
    view.stat('bitrate', `${kbps(st.bitrateIn)} / ${kbps(st.bitrateOut)}`);
    view.stat('rtt', st.rttMs == null ? '–' : `${st.rttMs.toFixed(1)} ms`);
    view.stat('path', st.path ?? '–');
  }

  setInterval(async () => {
    const pc = call.pc;
    if (!pc || pc.connectionState === 'closed') return;
    try {
      const st = await sampler.sample(pc);
      if (pc === call.pc) {
        lastStats = st;
        renderStats(st);
        render();
      }
    } catch (e) {
      ui.event(`stats: ${e.message}`, 'warn');
    }
  }, 1000);

  unmute.addEventListener('click', async () => {
    unmute.hidden = true;
    await play(audio);
    await play(video);
  });
  $('mic').addEventListener('click', () => {
    const track = call.mic?.getAudioTracks()[0];
    if (track) track.enabled = !track.enabled;
    render();
  });
  $('leave').addEventListener('click', () => {
    if (signaling.state === 'idle' || signaling.state === 'closed') {
      ui.event('joining again');
      signaling.start();
    } else {
      ui.event('left the room');
      call.role = null;
      call.close();
      signaling.stop();
    }
  });
  $('chat-form').addEventListener('submit', e => {
    e.preventDefault();
    const input = $('chat-input');
    const text = input.value.trim();
    if (text && call.sendChat(text)) input.value = '';
  });

  window.tandemApp = {
    deviceId,
    stats: () => lastStats,
    state: () => ({
      signaling: signaling.state,
      role: call.role,
      peerId: signaling.peerId,
      iceConnectionState: call.pc?.iceConnectionState ?? null,
      connectionState: call.pc?.connectionState ?? null,
      signalingState: call.pc?.signalingState ?? null,
      dataChannel: call.channel?.readyState ?? null,
      microphone: call.mic ? 'on' : call.micProblem,
    }),
    events: () => events.slice(),
    chat: () => chat.slice(),
    dropSignaling: () => signaling.drop(),
    localDescription: () => call.pc?.localDescription?.toJSON() ?? null,
    remoteDescription: () => call.pc?.remoteDescription?.toJSON() ?? null,
  };

  render();
  signaling.start();
}

main();
