// The app page: joins the signaling server as app_<uid> (from ?id=, with &token= when the server
// authenticates joins), plays the glasses' video and
// audio, sends the microphone, and chats on the "tandem" data channel. window.tandemApp exposes
// the live state and stats for tests and for the browser console.
import { Call } from './call.js';
import { Signaling } from './signaling.js';
import { StatsSampler } from './stats.js';
import { view } from './view.js';

const $ = id => document.getElementById(id);
const uidPattern = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Reads ?id= (PROTOCOL.md R5): app_<uid>, or a bare uid without '_' that means app_<uid>. Returns
 * { id } when it is usable, else { problem, suggestion } to show (nothing when there is no id).
 */
function idFromQuery() {
  const raw = new URLSearchParams(location.search).get('id')?.trim();
  if (!raw) return {};
  if (raw.startsWith('glasses_')) {
    const uid = raw.slice('glasses_'.length);
    return {
      problem: `${raw} is the glasses' id. This page is the phone app: it joins as app_${uid} and pairs with ${raw}.`,
      suggestion: `app_${uid}`,
    };
  }
  const full = raw.startsWith('app_');
  const uid = full ? raw.slice('app_'.length) : raw;
  const underscore = raw.indexOf('_');
  if (!full && underscore > 0) {
    return { problem: `"${raw}" has an unknown prefix "${raw.slice(0, underscore + 1)}": give app_<uid> or the bare uid (e.g. app_123456 or 123456).` };
  }
  return uidPattern.test(uid)
    ? { id: full ? raw : `app_${raw}` }
    : { problem: `"${raw}" is not a valid id: the uid is 1–64 characters of A–Z, a–z, 0–9, _ . : -` };
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
  const { id: deviceId, problem, suggestion } = idFromQuery();
  if (!deviceId) {
    $('join-form').hidden = false;
    view.badge(problem ? 'invalid id' : 'not connected', problem ? 'bad' : 'idle');
    $('join-problem').hidden = !problem;
    $('join-problem').textContent = problem ?? '';
    $('join-id').value = suggestion ?? new URLSearchParams(location.search).get('id') ?? '';
    // A token given with a wrong id survives the form; without one the field is left out.
    const token = new URLSearchParams(location.search).get('token');
    if (token) $('join-token').value = token;
    else $('join-token').disabled = true;
    $('join-id').focus();
    window.tandemApp = { deviceId: null, problem: problem ?? null };
    return;
  }

  const glassesId = `glasses_${deviceId.slice('app_'.length)}`;

  $('session').hidden = false;
  $('device').textContent = deviceId;
  document.title = `Tandem · ${deviceId}`;

  let lastStats = null;
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
      // The numbers were the closed connection's: none now.
      for (const name of ['video', 'frames', 'resolution', 'audioIn', 'audioOut', 'bitrate', 'rtt', 'path']) view.stat(name, '–');
      view.levels(0, 0);
    },
  };

  // With join authentication on (docs/PROTOCOL.md), ?token= is sent in the join as data.token.
  const signaling = new Signaling(deviceId, new URLSearchParams(location.search).get('token'), {
    state(state, detail) {
      if (detail) ui.event(`signaling ${state}: ${detail}`, state === 'closed' ? 'bad' : 'warn');
      if (state === 'joined' && ['connecting', 'reconnecting'].includes(previousState)) {
        ui.event(`joined the server as ${deviceId}`);
        if (previousState === 'reconnecting') view.alert(null);
      }
      previousState = state;
      // A dropped socket leaves the media alone: the server resumes the pairing (R30) and the
      // connection renegotiates only if it went down. Closed for good (replaced by another tab, or
      // disconnected by the operator): one reason, shown once.
      if (state === 'closed') {
        call.close();
        view.alert(`Stopped: ${detail}`);
      }
      render();
    },
    message(message) {
      if (message.type === 'error') {
        const d = message.data ?? {};
        if (d.error_code === 1005) {
          // R19, R29, or the operator closed the room: the server closes the socket and we join again.
          const reason = String(d.error_message ?? 'timeout').split(';')[0];
          ui.event(`${reason}; joining again`, 'warn');
          view.alert(`${reason}; joining again…`, 'warn');
          return;
        }
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
  // The call will want the microphone: ask now, while the page joins and waits for the glasses.
  call.prepareMicrophone();
  const sampler = new StatsSampler();

  function render() {
    const pc = call.pc;
    const s = signaling.state;
    const toneOf = value => (['connected', 'completed', 'open', 'paired', 'on'].includes(value) ? 'good'
      : ['failed', 'closed', 'disconnected', 'off'].includes(value) ? 'bad'
        : ['checking', 'connecting', 'reconnecting', 'new', 'joined'].includes(value) ? 'warn' : '');
    view.state('signaling', s + (s === 'joined' ? ` · waiting for ${glassesId}` : ''), toneOf(s));
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
        : s === 'closed' ? 'Stopped. Press Join to connect again.'
          : s === 'paired' || live ? `Connecting to ${glassesId}…`
            : s === 'joined' ? `Waiting for ${glassesId} to join…` : 'Connecting to the server…');
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
    dropSignaling: (reconnect = true) => signaling.drop(reconnect),
    localDescription: () => call.pc?.localDescription?.toJSON() ?? null,
    remoteDescription: () => call.pc?.remoteDescription?.toJSON() ?? null,
  };

  // Closing or reloading the tab is leaving (R25), as Ctrl-C is for the CLI: the glasses learn it at
  // once and offer afresh to the next page, rather than hold this page's slot for the grace (R30).
  window.addEventListener('pagehide', () => {
    if (signaling.state === 'idle' || signaling.state === 'closed') return;
    call.close();
    signaling.stop();
  });
  window.addEventListener('pageshow', e => {
    if (e.persisted && signaling.state === 'idle') signaling.start();
  });

  render();
  signaling.start();
}

main();
