'use strict';
// Keyed table rendering: rows are reused by id and only changed cells are touched, so a row under
// the pointer (and its button) survives the once-a-second refresh.
window.Tandem = window.Tandem || {};

Tandem.tables = (function () {
  const { el, setText } = Tandem.dom;
  const f = Tandem.format;

  function sync(tbody, items, keyOf, attr, create, update) {
    const existing = new Map();
    for (const row of tbody.rows) existing.set(row.dataset[attr], row);
    items.forEach((item, i) => {
      const key = keyOf(item);
      let row = existing.get(key);
      if (row) existing.delete(key);
      else { row = create(key); row.dataset[attr] = key; }
      update(row, item);
      if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] || null);
    });
    for (const row of existing.values()) row.remove();
  }

  function cells(row, classes) {
    for (const c of classes) row.appendChild(el('td', c));
    return row;
  }

  function stateBadge(td, state) {
    let badge = td.firstChild;
    if (!badge) { badge = el('span'); td.appendChild(badge); }
    badge.className = 'state ' + state;
    setText(badge, state);
  }

  function actionButton(td, action, id, label) {
    let button = td.firstChild;
    if (!button) { button = el('button', 'action', label); button.type = 'button'; td.appendChild(button); }
    button.dataset.action = action;
    button.dataset.id = id;
  }

  function members(td, room) {
    const key = room.members.map(m => [m.deviceId, m.connectionId, m.role, m.online, m.graceSecondsLeft].join('|')).join(';');
    if (td.dataset.key === key) return;
    td.dataset.key = key;
    td.replaceChildren(...room.members.map(m => {
      const line = el('div');
      line.appendChild(el('span', 'dev', m.deviceId));
      line.appendChild(el('span', 'role', m.role));
      if (m.online) line.appendChild(el('span', 'conn', m.connectionId));
      else line.appendChild(el('span', 'offline', 'offline · grace ' + f.countdown(m.graceSecondsLeft)));
      return line;
    }));
  }

  function rooms(tbody, items) {
    sync(tbody, items, r => r.roomId, 'room',
      () => cells(el('tr'), ['id', 'st', 'members', 'num age', 'num left', 'act']),
      (row, r) => {
        const c = row.cells;
        setText(c[0], r.roomId);
        stateBadge(c[1], r.state);
        members(c[2], r);
        setText(c[3], f.duration(r.ageSeconds));
        setText(c[4], r.secondsLeft == null ? '' : f.countdown(r.secondsLeft) + (r.deadline === 'grace' ? ' (grace)' : ''));
        c[4].classList.toggle('soon', r.secondsLeft != null && r.secondsLeft < 5);
        actionButton(c[5], 'close-room', r.roomId, 'Close');
      });
  }

  function connections(tbody, items) {
    sync(tbody, items, c => c.connectionId, 'connection',
      () => cells(el('tr'), ['id', 'id dev', 'st', 'id room', 'mono', 'num', 'num', 'num', 'act']),
      (row, c) => {
        const td = row.cells;
        setText(td[0], c.connectionId);
        setText(td[1], c.deviceId || '—');
        stateBadge(td[2], c.state);
        setText(td[3], c.roomId || '—');
        setText(td[4], c.remoteAddress);
        setText(td[5], f.duration(c.ageSeconds));
        td[5].title = new Date(c.connectedAt).toLocaleString();
        setText(td[6], f.number(c.messagesIn) + ' / ' + f.number(c.messagesOut));
        setText(td[7], f.bytes(c.bytesIn) + ' / ' + f.bytes(c.bytesOut));
        actionButton(td[8], 'disconnect', c.connectionId, 'Disconnect');
      });
  }

  return { rooms, connections };
})();
