// DOM output: states, stats, logs, media elements. Text only (textContent), never HTML.

const $ = id => document.getElementById(id);
const maxLogLines = 200;

const clock = () => new Date().toLocaleTimeString([], { hour12: false });

function append(list, item) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  list.append(item);
  while (list.children.length > maxLogLines) list.firstElementChild.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function line(className) {
  const li = document.createElement('li');
  if (className) li.className = className;
  const time = document.createElement('time');
  time.textContent = clock();
  li.append(time);
  return li;
}

export const view = {
  badge(text, tone) {
    const badge = $('badge');
    badge.textContent = text;
    badge.dataset.tone = tone;
  },

  state(name, text, tone = '') {
    const dd = document.querySelector(`[data-state="${name}"]`);
    dd.textContent = text;
    dd.dataset.tone = tone;
  },

  stat(name, text) {
    document.querySelector(`[data-stat="${name}"]`).textContent = text;
  },

  levels(inLevel, outLevel) {
    $('level-in').value = inLevel;
    $('level-out').value = outLevel;
  },

  event(text, tone = '') {
    const li = line(tone ? `tone-${tone}` : '');
    if (tone) li.dataset.tone = tone;
    li.append(text);
    append($('events'), li);
  },

  chat(who, text, mine) {
    const li = line(mine ? 'me' : 'them');
    const name = document.createElement('span');
    name.className = 'who';
    name.textContent = who;
    li.append(name, text);
    append($('chat-log'), li);
  },

  alert(text, tone = 'bad') {
    const alert = $('alert');
    alert.hidden = !text;
    alert.textContent = text ?? '';
    alert.dataset.tone = tone;
  },

  note(text) {
    const note = $('stage-note');
    note.hidden = !text;
    note.textContent = text ?? '';
  },

  chatEnabled(enabled) {
    $('chat-input').disabled = !enabled;
    $('chat-send').disabled = !enabled;
  },
};
