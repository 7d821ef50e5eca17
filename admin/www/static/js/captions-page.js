// The caption console (issue 17; docs/captions.md): type a line, Enter sends it; ↑ in the empty box (or the button)
// brings the last line back to correct it, Enter replaces it, Escape cancels. The list shows the lines as viewers
// get them over the live socket, other captioners' too.
import { api, rememberCsrf } from './api.js';
import { clear, el } from './dom.js';
import { statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { LiveSocket } from './live-socket.js';
import { statusLine } from './staff-session.js';

const SHOWN_LINES = 50;
const $ = (id) => document.getElementById(id);
// `correcting`: the id of the line being corrected, or false.
const state = { eventId: null, event: null, lines: new Map(), correcting: false, connection: 'connecting', sending: false };

const { say, explain } = statusLine('console-say', 'captions');

// The newest line a person typed: what a correction replaces (the engine's lines are not corrected here).
const newest = () => [...state.lines.values()].filter((l) => l.source === 'person').sort((a, b) => b.id - a.id)[0] || null;

function render() {
  if (state.event) {
    $('console-title').textContent = t('captions.heading_for', { title: state.event.title });
    $('console-status').textContent = statusLabel(state.event.status);
    $('console-status').className = `badge status-${state.event.status}`;
  }
  $('console-connection').textContent = state.connection === 'open' ? '' : t('questions.reconnecting');
  $('caption-mode').hidden = !state.correcting;
  $('caption-cancel').hidden = !state.correcting;
  $('caption-correct').disabled = !newest();
  const list = clear($('caption-lines'));
  const lines = [...state.lines.values()].sort((a, b) => b.id - a.id).slice(0, SHOWN_LINES);
  if (!lines.length) list.append(el('li', { class: 'empty' }, t('captions.none_yet')));
  for (const line of lines) {
    list.append(el('li', { dataset: { lineId: line.id } },
      el('span', { class: 'caption-text' }, line.text),
      line.revision > 1 ? el('span', { class: 'badge' }, t('captions.corrected')) : null));
  }
}

function startCorrecting() {
  const last = newest();
  if (!last) return;
  state.correcting = last.id;
  $('caption-text').value = last.text;
  $('caption-text').focus();
  render();
}

function stopCorrecting() {
  state.correcting = false;
  $('caption-text').value = '';
  render();
}

async function submit(e) {
  e.preventDefault();
  if (state.sending) return;
  const input = $('caption-text');
  const text = input.value.trim();
  if (!text) return;
  state.sending = true;
  try {
    // The line is taken off the box only once the server has it: nothing typed is lost to an error.
    const line = state.correcting
      ? await api(`/api/v1/events/${state.eventId}/captions/newest`, { method: 'PUT', body: { text, id: state.correcting } })
      : await api(`/api/v1/events/${state.eventId}/captions`, { method: 'POST', body: { text } });
    state.lines.set(line.id, line);
    say(t(state.correcting ? 'captions.replaced' : 'captions.sent'), 'success');
    state.correcting = false;
    if (input.value.trim() === text) input.value = '';
    render();
  } catch (error) {
    say(explain(error), 'error');
  } finally {
    state.sending = false;
  }
}

function onKey(e) {
  if (e.key === 'ArrowUp' && !e.target.value && !state.correcting) {
    e.preventDefault();
    startCorrecting();
  } else if (e.key === 'Escape' && state.correcting) {
    e.preventDefault();
    stopCorrecting();
  }
}

startPage(async () => {
  state.eventId = location.pathname.split('/').filter(Boolean)[2];
  try {
    const session = await api('/api/v1/session');
    rememberCsrf(session.csrf_token);
    state.event = await api(`/api/v1/events/${encodeURIComponent(state.eventId)}`);
    for (const line of (await api(`/api/v1/events/${state.eventId}/transcript`)).lines) state.lines.set(line.id, line);
  } catch (error) {
    say(explain(error), 'error');
    return;
  }
  $('transcript-vtt').href = `/api/v1/events/${state.eventId}/transcript.vtt`;
  $('transcript-srt').href = `/api/v1/events/${state.eventId}/transcript.srt`;
  $('caption-form').addEventListener('submit', submit);
  $('caption-text').addEventListener('keydown', onKey);
  $('caption-correct').addEventListener('click', startCorrecting);
  $('caption-cancel').addEventListener('click', stopCorrecting);
  if (state.event.status !== 'live') say(t('captions.not_live'));
  onLanguageChange(render);
  render();
  $('caption-text').focus();
  const socket = new LiveSocket(state.eventId, {
    state: (s) => { state.connection = s; render(); },
    caption: (m) => { state.lines.set(m.line.id, m.line); render(); },
    status: async () => {
      state.event = await api(`/api/v1/events/${encodeURIComponent(state.eventId)}`);
      say(state.event.status === 'live' ? '' : t('captions.not_live'));
      render();
    },
  });
  await socket.start();
});
