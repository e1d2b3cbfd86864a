// The signaling connection (PROTOCOL.md): one WebSocket to this page's own server at /ws, joined
// with the app id; reconnects with exponential backoff and joins again with the same id, so the
// server gives the slot back within its grace period (R30).

const replacedCloseCode = 4001; // R20: a newer connection with this id took the slot.
const timeoutCloseCode = 4005; // R19, R29: room or join timeout (or the room was closed).
const minDelayMs = 500;
const maxDelayMs = 10000;
const stableAfterMs = 10000;

/** Microseconds since the Unix epoch, an integral JSON number (R12). */
const micros = () => Date.now() * 1000;

export class Signaling {
  #ws = null;
  #timer = 0;
  #attempt = 0;
  #openedAt = 0;
  #wanted = false;
  #closingError = null;

  /**
   * @param {string} deviceId app_<uid>
   * @param {{ state(s: string, detail?: string): void, message(m: object): void }} handlers
   */
  constructor(deviceId, handlers) {
    this.deviceId = deviceId;
    this.peerId = null;
    this.state = 'idle';
    this.handlers = handlers;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.url = `${scheme}://${location.host}/ws`;
  }

  start() {
    this.#wanted = true;
    clearTimeout(this.#timer);
    this.#attempt = 0;
    this.#connect('connecting');
  }

  /** Leaves the room (R25) and closes the socket; no reconnect until start() again. */
  stop() {
    this.#wanted = false;
    clearTimeout(this.#timer);
    const ws = this.#ws;
    this.#ws = null;
    if (ws?.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(this.#envelope('leave', 'server')));
      ws.close(1000, 'left');
    } else {
      ws?.close();
    }
    this.peerId = null;
    this.#setState('idle');
  }

  /**
   * Leaves the room and joins it again on the same socket (R25, R17), so the pairing starts afresh:
   * the glasses, left alone in the room, become its offerer (R26).
   */
  rejoin() {
    if (this.#ws?.readyState !== WebSocket.OPEN) return;
    this.#ws.send(JSON.stringify(this.#envelope('leave', 'server')));
    this.peerId = null;
    this.#setState('joined');
    this.#ws.send(JSON.stringify(this.#envelope('join', 'server')));
  }

  /**
   * Drops the socket without a leave, as a lost network does (the server holds the slot, R30); with
   * reconnect false it stays down, as when the browser killed the tab. For tests.
   */
  drop(reconnect = true) {
    if (!reconnect) this.#wanted = false;
    this.#ws?.close(4000, 'dropped');
  }

  /** Sends an offer, answer or ice message to the peer (R14); false when there is no peer to send to. */
  send(type, data) {
    if (this.#ws?.readyState !== WebSocket.OPEN || !this.peerId) return false;
    this.#ws.send(JSON.stringify(this.#envelope(type, this.peerId, data)));
    return true;
  }

  #envelope(type, to, data) {
    const message = { type, device_id: this.deviceId, from: this.deviceId, to };
    if (data !== undefined) message.data = data;
    message.time = micros();
    return message;
  }

  #connect(state) {
    this.#setState(state);
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.#setState('closed', `cannot open ${this.url}: ${e.message}`);
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      this.#openedAt = performance.now();
      ws.send(JSON.stringify(this.#envelope('join', 'server')));
      this.#setState('joined');
    };
    ws.onmessage = e => this.#onMessage(e.data);
    ws.onclose = e => this.#onClose(ws, e);
  }

  #onMessage(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;
    if (message.type === 'error' && [1001, 1005].includes(message.data?.error_code)) {
      // R19, R20, R29: the server says why before it closes the socket (4001 or 4005).
      this.#closingError = message.data;
    } else if (message.type === 'role') {
      this.peerId = message.data?.peer_id ?? message.device_id;
      this.#attempt = 0;
      this.#setState('paired');
    } else if (message.type === 'leave') {
      this.peerId = null;
      this.#setState('joined');
    }
    this.handlers.message(message);
  }

  #onClose(ws, e) {
    if (ws !== this.#ws) return;
    const said = this.#closingError;
    this.#closingError = null;
    this.#ws = null;
    this.peerId = null;
    if (!this.#wanted) return;
    if (e.code === replacedCloseCode) {
      // Replaced by a newer connection (another tab), or disconnected by the operator: not coming back.
      this.#wanted = false;
      this.#setState('closed', said?.error_code === 1001 && said.error_message
        ? `${said.error_message} (server error 1001)`
        : 'this id was opened in another tab or device (close code 4001)');
      return;
    }
    if (e.code === timeoutCloseCode && said?.error_code === 1005) {
      // Announced: a room or join timeout, or a room the operator closed. Join again at once.
      this.#attempt = 0;
      this.#setState('reconnecting');
      this.#timer = setTimeout(() => this.#connect('reconnecting'), minDelayMs / 2);
      return;
    }
    if (performance.now() - this.#openedAt > stableAfterMs) this.#attempt = 0;
    // Exponential backoff with jitter: a random delay in [d/2, d], d = min(max, min·2^attempt).
    const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(this.#attempt, 10));
    const delay = Math.round(ceiling * (0.5 + Math.random() / 2));
    this.#attempt++;
    this.#setState('reconnecting', `socket closed (${e.code}${e.reason ? ' ' + e.reason : ''}); retrying in ${(delay / 1000).toFixed(1)} s`);
    this.#timer = setTimeout(() => this.#connect('reconnecting'), delay);
  }

  #setState(state, detail) {
    this.state = state;
    this.handlers.state(state, detail);
  }
}
