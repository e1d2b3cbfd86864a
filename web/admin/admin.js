'use strict';
// The admin page: one EventSource (/api/events) brings the chart history, then a status event every
// second. The lists' filters and pages travel in its query string, so the server sends only the
// rows on screen, however many rooms there are.
(function () {
  const { el, setText } = Tandem.dom;
  const f = Tandem.format;
  const PAGE_SIZE = 50;
  const HISTORY_MS = 10 * 60 * 1000;
  const view = { rooms: { q: '', offset: 0 }, connections: { q: '', offset: 0 } };
  let samples = [];
  let source = null;
  let lastEvent = 0;

  function connect() {
    if (source) source.close();
    const query = new URLSearchParams();
    for (const list of ['rooms', 'connections']) {
      if (view[list].q) query.set(list + '.q', view[list].q);
      query.set(list + '.offset', view[list].offset);
      query.set(list + '.limit', PAGE_SIZE);
    }
    source = new EventSource('/api/events?' + query);
    source.addEventListener('history', e => { samples = JSON.parse(e.data); drawCharts(); });
    source.addEventListener('status', e => render(JSON.parse(e.data)));
    source.onerror = () => { setLive(false); checkLogin(); };
  }

  // An event stream refused with 401 (expired cookie) closes for good: go to the login form.
  async function checkLogin() {
    if (source.readyState !== EventSource.CLOSED) return;
    const response = await fetch('/api/status?rooms.limit=1&connections.limit=1');
    if (response.status === 401) location.href = '/admin/login';
    else setTimeout(connect, 2000);
  }

  function setLive(on) {
    const live = document.getElementById('live');
    live.className = 'live ' + (on ? 'on' : 'off');
    setText(live, on ? 'live' : 'disconnected');
  }

  function render(status) {
    lastEvent = Date.now();
    setLive(true);
    setText(document.getElementById('clock'), 'server time ' + new Date(status.time).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');
    renderTotals(status.totals);
    renderCluster(status.cluster);
    Tandem.tables.rooms(document.querySelector('#rooms tbody'), status.rooms.items);
    Tandem.tables.connections(document.querySelector('#connections tbody'), status.connections.items);
    renderList('rooms', status.rooms);
    renderList('connections', status.connections);
    const sample = status.sample;
    if (sample && (samples.length === 0 || sample.time > samples[samples.length - 1].time)) {
      samples.push(sample);
      while (samples.length && samples[0].time < sample.time - HISTORY_MS) samples.shift();
      drawCharts();
    }
  }

  function renderTotals(t) {
    const values = {
      connections: t.connections, waiting: t.roomsByState.WAITING, paired: t.roomsByState.PAIRED,
      timeout: t.roomsByState.TIMEOUT, pairs: t.pairs, roomTimeouts: t.roomTimeouts, resumes: t.resumes,
      queued: t.queuedMessages, accepted: t.connectionsAccepted,
    };
    for (const [key, value] of Object.entries(values)) {
      setText(document.querySelector(`[data-total="${key}"]`), f.number(value));
    }
    renderCounts(document.getElementById('forwarded'), Object.entries(t.forwardedByType).map(([k, v]) => [k, v]));
    renderCounts(document.getElementById('errors'), Object.entries(t.errorsByCode).map(([k, v]) => [k + ' ' + (Tandem.errorNames[k] || ''), v]));
  }

  // Every node with its rooms (and sockets); the lists below are those of the node answering (*).
  function renderCluster(c) {
    setText(document.getElementById('store'), c.store + ' store');
    renderCounts(document.getElementById('nodes'), c.nodes.map(n =>
      [n.nodeId + (n.self ? ' *' : ''), f.number(n.rooms) + ' rooms · ' + f.number(n.connections) + ' conn.']));
  }

  function renderCounts(dl, pairs) {
    if (dl.children.length !== pairs.length) {
      dl.replaceChildren(...pairs.map(() => { const d = el('div'); d.append(el('dt'), el('dd')); return d; }));
    }
    pairs.forEach(([label, value], i) => {
      const row = dl.children[i];
      row.classList.toggle('zero', value === 0);
      setText(row.firstChild, label);
      setText(row.lastChild, typeof value === 'string' ? value : f.number(value));
    });
  }

  function renderList(name, page) {
    const section = document.getElementById(name + '-section');
    const count = page.matched === page.total ? f.number(page.total) : f.number(page.matched) + ' of ' + f.number(page.total);
    setText(document.getElementById(name + '-count'), '(' + count + ')');
    const first = page.matched === 0 ? 0 : page.offset + 1;
    setText(section.querySelector('.range'), first + '–' + (page.offset + page.items.length) + ' of ' + f.number(page.matched));
    section.querySelector('[data-step="-1"]').disabled = page.offset === 0;
    section.querySelector('[data-step="1"]').disabled = page.offset + page.items.length >= page.matched;
    section.querySelector('.empty').hidden = page.items.length > 0;
    view[name].offset = page.offset;
  }

  function drawCharts() {
    Tandem.charts.draw(document.getElementById('chart-connections'), samples,
      [{ key: 'connections', cls: 's1', area: true }, { key: 'roomsPaired', cls: 's2' }], v => f.number(Math.round(v)));
    Tandem.charts.draw(document.getElementById('chart-messages'), samples,
      [{ key: 'forwardedPerSecond', cls: 's1', area: true }, { key: 'errorsPerSecond', cls: 's3' }], f.rate);
  }

  function wireList(name) {
    let timer = 0;
    document.getElementById(name + '-filter').addEventListener('input', e => {
      clearTimeout(timer);
      timer = setTimeout(() => { view[name].q = e.target.value.trim(); view[name].offset = 0; connect(); }, 250);
    });
    for (const button of document.querySelectorAll(`#${name}-pager button`)) {
      button.addEventListener('click', () => {
        view[name].offset = Math.max(0, view[name].offset + Number(button.dataset.step) * PAGE_SIZE);
        connect();
      });
    }
  }

  function confirmAction(title, text, label) {
    const dialog = document.getElementById('confirm');
    setText(document.getElementById('confirm-title'), title);
    setText(document.getElementById('confirm-text'), text);
    setText(document.getElementById('confirm-ok'), label);
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
  }

  async function act(button) {
    const id = button.dataset.id;
    const room = button.dataset.action === 'close-room';
    const ok = room
      ? await confirmAction('Close room ' + id + '?', 'Its members get error 1005 and are disconnected (close code 4005), as on a room timeout. They may connect and join again.', 'Close room')
      : await confirmAction('Disconnect ' + id + '?', 'It gets error 1001 and is disconnected (close code 4001), as when a newer connection replaces it. Its room slot is held for the reconnect grace.', 'Disconnect');
    if (!ok) return;
    const url = room ? `/api/rooms/${encodeURIComponent(id)}/close` : `/api/connections/${encodeURIComponent(id)}/disconnect`;
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'X-Tandem-Admin': '1' } });
      const result = response.headers.get('content-type')?.includes('json') ? await response.json() : { message: response.statusText };
      toast(result.message || String(response.status));
    } catch (e) {
      toast('Request failed: ' + e.message);
    }
  }

  let toastTimer = 0;
  function toast(text) {
    const t = document.getElementById('toast');
    setText(t, text);
    t.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => t.classList.remove('show'), 4000);
  }

  document.addEventListener('click', e => {
    const button = e.target.closest('button.action');
    if (button) act(button);
  });
  window.addEventListener('resize', drawCharts);
  setInterval(() => { if (lastEvent && Date.now() - lastEvent > 3000) setLive(false); }, 1000);
  wireList('rooms');
  wireList('connections');
  connect();
})();
