'use strict';
// Small formatting and DOM helpers shared by the admin page's scripts.
window.Tandem = window.Tandem || {};

Tandem.format = {
  duration(seconds) {
    if (seconds == null) return '';
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    const h = Math.floor(s / 3600);
    return h + ' h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + ' min';
  },
  countdown(seconds) {
    return seconds == null ? '' : seconds.toFixed(1) + ' s';
  },
  bytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / 1024 / 1024).toFixed(1) + ' MiB';
  },
  number(n) {
    return n == null ? '–' : Number(n).toLocaleString('en-US');
  },
  rate(n) {
    return n >= 100 ? Math.round(n).toString() : (Math.round(n * 10) / 10).toString();
  },
};

Tandem.dom = {
  // Builds an element; text is always set with textContent, never parsed as HTML.
  el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  },
  setText(e, text) {
    const value = text == null ? '' : String(text);
    if (e.textContent !== value) e.textContent = value;
  },
};

Tandem.errorNames = {
  1001: 'room full / replaced',
  1002: 'no such room',
  1003: 'bad format',
  1004: 'bad device id',
  1005: 'timeout',
  1006: 'peer offline',
  1007: 'server busy / error',
};
