'use strict';
// Line charts of the last ten minutes, drawn as inline SVG (no library).
window.Tandem = window.Tandem || {};

Tandem.charts = (function () {
  const NS = 'http://www.w3.org/2000/svg';
  const H = 150, PAD_L = 36, PAD_R = 8, PAD_T = 10, PAD_B = 20;
  const MAX_WINDOW_MS = 10 * 60 * 1000;
  const MIN_WINDOW_MS = 60 * 1000;

  function svgEl(tag, attrs) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function ago(ms) {
    const s = Math.round(ms / 1000);
    return '−' + (s >= 120 ? Math.round(s / 60) + ' min' : s + ' s');
  }

  // A "nice" upper bound for the y axis: 1, 2 or 5 times a power of ten.
  function niceMax(value) {
    if (value <= 1) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(value)));
    for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
    return 10 * p;
  }

  // series: [{ key: sample field, cls: 's1'|'s2'|'s3', area: bool }]
  function draw(figure, samples, series, format) {
    let svg = figure.querySelector('svg');
    if (!svg) {
      svg = svgEl('svg', { role: 'img' });
      figure.appendChild(svg);
    }
    // One user unit per CSS pixel, so text and strokes are never stretched.
    const W = Math.max(200, Math.round(svg.getBoundingClientRect().width) || 600);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);

    // The window grows with the history a fresh server has, from one minute up to ten.
    const end = samples.length ? samples[samples.length - 1].time : Date.now();
    const windowMs = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, samples.length ? end - samples[0].time : 0));
    const start = end - windowMs;
    const visible = samples.filter(s => s.time >= start);
    let max = 0;
    for (const s of visible) for (const def of series) max = Math.max(max, s[def.key]);
    max = niceMax(max);
    const x = t => PAD_L + (t - start) / windowMs * (W - PAD_L - PAD_R);
    const y = v => PAD_T + (1 - v / max) * (H - PAD_T - PAD_B);

    for (const f of [0, 0.5, 1]) {
      svg.appendChild(svgEl('line', { class: 'grid', x1: PAD_L, x2: W - PAD_R, y1: y(max * f), y2: y(max * f) }));
      const label = svgEl('text', { class: 'axis', x: PAD_L - 6, y: y(max * f) + 4, 'text-anchor': 'end' });
      label.textContent = Tandem.format.rate(max * f);
      svg.appendChild(label);
    }
    for (const [t, text, anchor] of [[start, ago(windowMs), 'start'], [start + windowMs / 2, ago(windowMs / 2), 'middle'], [end, 'now', 'end']]) {
      const label = svgEl('text', { class: 'axis', x: x(t), y: H - 4, 'text-anchor': anchor });
      label.textContent = text;
      svg.appendChild(label);
    }

    if (visible.length === 0) return;
    for (const def of series) {
      const points = visible.map(s => `${x(s.time).toFixed(1)},${y(s[def.key]).toFixed(1)}`);
      if (def.area) {
        const first = x(visible[0].time).toFixed(1), last = x(visible[visible.length - 1].time).toFixed(1);
        svg.appendChild(svgEl('path', { class: 'area', d: `M${first},${y(0)} L${points.join(' L')} L${last},${y(0)} Z` }));
      }
      svg.appendChild(svgEl('path', { class: 'line ' + def.cls, d: 'M' + points.join(' L') }));
    }
    const latest = visible[visible.length - 1];
    const now = svgEl('text', { class: 'now', x: W - PAD_R - 2, y: PAD_T + 12, 'text-anchor': 'end' });
    now.textContent = series.map(def => format(latest[def.key])).join(' · ');
    svg.appendChild(now);
  }

  return { draw };
})();
