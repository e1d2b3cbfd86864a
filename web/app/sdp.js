// The few SDP edits and look-ups the page needs (RFC 8866 text, CRLF line ends).

const opus16k = { maxplaybackrate: '16000', 'sprop-maxcapturerate': '16000', useinbandfec: '1' };

/**
 * PROTOCOL.md R37 / RFC 7587 §7: Opus is always opus/48000/2; the fmtp parameters carry the 16 kHz
 * rate: maxplaybackrate=16000;sprop-maxcapturerate=16000;useinbandfec=1 (other parameters kept).
 */
export function withOpus16k(sdp) {
  const lines = sdp.split('\r\n');
  const opusTypes = new Set(lines
    .map(l => /^a=rtpmap:(\d+) opus\/48000\/2$/i.exec(l))
    .filter(Boolean)
    .map(m => m[1]));
  return lines.map(line => {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!m || !opusTypes.has(m[1])) return line;
    const params = new Map(m[2].split(';').map(p => p.trim()).filter(Boolean).map(p => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    }));
    for (const key of Object.keys(opus16k)) params.delete(key);
    const rest = [...params].map(([k, v]) => (v === '' ? k : `${k}=${v}`));
    const ours = Object.entries(opus16k).map(([k, v]) => `${k}=${v}`);
    return `a=fmtp:${m[1]} ${[...ours, ...rest].join(';')}`;
  }).join('\r\n');
}

/**
 * Which peer connection wrote an SDP: its o= session id (RFC 8866 §5.2: the same for every description
 * of one session) and its first a=fingerprint (RFC 8122 §5). A new value means the peer started over
 * with a new connection, even when it kept its DTLS certificate (the glasses keep one per process).
 */
export function connectionOf(sdp) {
  const session = /^o=\S+ (\S+) /m.exec(sdp ?? '')?.[1] ?? null;
  const fingerprint = /^a=fingerprint:(.+)$/m.exec(sdp ?? '')?.[1]?.trim().toUpperCase() ?? null;
  return session || fingerprint ? `${session} ${fingerprint}` : null;
}

/**
 * The receive codecs for the video m-line: H.264 packetization-mode=1 only (R37), constrained
 * baseline first, since that is what the glasses' encoder produces; then the RFC 4588 retransmission
 * codec (video/rtx), without which no rtx payload and apt= line reach the SDP and the glasses can only
 * resend on the media SSRC (Chromium keeps an rtx payload for each kept codec it repairs).
 */
export function h264Codecs() {
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs ?? [];
  const score = c => {
    const fmtp = c.sdpFmtpLine ?? '';
    if (/profile-level-id=42e01f/i.test(fmtp)) return 3;
    if (/profile-level-id=42e0/i.test(fmtp)) return 2;
    if (/profile-level-id=4200/i.test(fmtp)) return 1;
    return 0;
  };
  const h264 = codecs
    .filter(c => c.mimeType.toLowerCase() === 'video/h264' && /packetization-mode=1/.test(c.sdpFmtpLine ?? ''))
    .sort((a, b) => score(b) - score(a));
  const rtx = codecs.filter(c => c.mimeType.toLowerCase() === 'video/rtx');
  return h264.length > 0 ? [...h264, ...rtx] : [];
}
