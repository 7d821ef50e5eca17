// The transcript editor (issue 17; docs/captions.md, "After the meeting"): once an event has ended, an editor
// corrects any line (Enter or Save), removes a line that should not be there, reads a line's earlier texts, and
// imports an SRT or WebVTT file made elsewhere. Each save names the revision it started from, so two editors
// cannot overwrite each other unseen: the second is told and shown the newer text. What is typed and not yet saved
// stays in its box whatever else happens on the page, and leaving the page with it asks first.
import { api, rememberCsrf } from './api.js';
import { clear, el } from './dom.js';
import { formatDateTime, mediaClock, statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { statusLine } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const { say, explain } = statusLine('transcript-say', 'transcript');
// `dirty`: line id → text typed and not saved; `pending`: lines being saved or removed; `history`: earlier texts shown.
// `focus`: the row and control that had the keyboard.
const state = { eventId: null, event: null, lines: [], history: new Map(), dirty: new Map(), pending: new Set(), focus: null };

const editable = () => state.event && state.event.status === 'ended';
const locked = () => state.event && ['archived', 'cancelled'].includes(state.event.status);

async function reload() {
  state.lines = (await api(`/api/v1/events/${state.eventId}/transcript`)).lines;
  render();
}

// Runs `work` for one line with its controls disabled, so Enter pressed twice sends once.
async function busy(line, work) {
  if (state.pending.has(line.id)) return;
  state.pending.add(line.id);
  render();
  try {
    await work();
  } finally {
    state.pending.delete(line.id);
    render();
  }
}

function save(line) {
  const text = (state.dirty.get(line.id) ?? line.text).trim();
  if (text === line.text) {
    state.dirty.delete(line.id);
    return render();
  }
  return busy(line, async () => {
    try {
      const saved = await api(`/api/v1/events/${state.eventId}/transcript/lines/${line.id}`,
        { method: 'PUT', body: { text, revision: line.revision } });
      Object.assign(line, saved);
      state.dirty.delete(line.id);
      state.history.delete(line.id);
      say(t('transcript.saved', { time: mediaClock(line.start_s) }), 'success');
    } catch (error) {
      say(explain(error), 'error');
      // Someone else's newer text is loaded; what this editor typed stays in the box (state.dirty) to save again.
      if (error.code === 'conflict') await reload();
    }
  });
}

function remove(line) {
  if (!confirm(t('transcript.remove_confirm', { text: line.text }))) return;
  return busy(line, async () => {
    try {
      await api(`/api/v1/events/${state.eventId}/transcript/lines/${line.id}?revision=${line.revision}`, { method: 'DELETE' });
      state.lines = state.lines.filter((l) => l.id !== line.id);
      state.dirty.delete(line.id);
      say(t('transcript.removed', { time: mediaClock(line.start_s) }), 'success');
    } catch (error) {
      say(explain(error), 'error');
      if (error.code === 'conflict') await reload();
    }
  });
}

async function toggleHistory(line) {
  if (state.history.has(line.id)) state.history.delete(line.id);
  else {
    try {
      state.history.set(line.id, (await api(`/api/v1/events/${state.eventId}/transcript/lines/${line.id}/revisions`)).revisions);
    } catch (error) {
      say(explain(error), 'error');
      return;
    }
  }
  render();
}

function lineItem(line) {
  const time = mediaClock(line.start_s);
  const off = !editable() || state.pending.has(line.id);
  const input = el('input', {
    value: state.dirty.get(line.id) ?? line.text, maxlength: 300, disabled: off, dataset: { control: 'text' },
    'aria-label': t('transcript.line_label', { time }),
    oninput: () => state.dirty.set(line.id, input.value),
    onkeydown: (e) => {
      if (e.key === 'Enter') { e.preventDefault(); save(line); }
      else if (e.key === 'Escape') { state.dirty.delete(line.id); input.value = line.text; }
    },
  });
  const history = state.history.get(line.id);
  return el('li', { dataset: { lineId: line.id } },
    el('a', { class: 'meta', href: `/events/${state.eventId}?t=${Math.floor(line.start_s)}` }, time),
    ' ', el('span', { class: 'badge' }, t(`transcript.source_${line.source}`)),
    line.revision > 1 ? el('span', { class: 'badge' },
      line.revised_by ? t('transcript.revised_by', { name: line.revised_by }) : t('captions.corrected')) : null,
    input,
    el('span', { class: 'actions' },
      el('button', { type: 'button', disabled: off, dataset: { control: 'save' }, 'aria-label': t('transcript.save_at', { time }),
        onclick: () => save(line) }, t('transcript.save')),
      el('button', { type: 'button', class: 'secondary', disabled: off, dataset: { control: 'remove' },
        'aria-label': t('transcript.remove_at', { time }), onclick: () => remove(line) }, t('transcript.remove')),
      line.revision > 1
        ? el('button', { type: 'button', class: 'secondary', dataset: { control: 'history' }, 'aria-expanded': String(!!history),
          'aria-label': t('transcript.history_at', { time }), onclick: () => toggleHistory(line) }, t('transcript.history'))
        : null),
    history
      ? el('ol', { class: 'transcript-history' }, ...history.map((r) => el('li', {},
        el('span', { class: 'meta' }, t('transcript.revision_meta', { revision: r.revision, name: r.written_by, when: formatDateTime(r.written_at) })),
        ' ', r.text)))
      : null);
}

function render() {
  if (state.event) {
    $('transcript-title').textContent = t('transcript.heading_for', { title: state.event.title });
    $('transcript-status').textContent = statusLabel(state.event.status);
    $('transcript-status').className = `badge status-${state.event.status}`;
  }
  $('import-button').disabled = !editable();
  // The rows are made again; the control that had the keyboard gets it back in its row's new place (also after
  // being disabled while its line was saved, which sent the focus to the page).
  const focused = document.activeElement;
  const inList = focused?.closest?.('#transcript-lines li[data-line-id]');
  if (inList) state.focus = { row: inList.dataset.lineId, control: focused.dataset.control };
  else if (focused && focused !== document.body) state.focus = null;
  const list = clear($('transcript-lines'));
  if (!state.lines.length) list.append(el('li', { class: 'empty' }, t('captions.none_yet')));
  for (const line of state.lines) list.append(lineItem(line));
  if (state.focus) list.querySelector(`li[data-line-id="${state.focus.row}"] [data-control="${state.focus.control}"]`)?.focus();
}

async function importFile(e) {
  e.preventDefault();
  const file = $('import-file').files[0];
  if (!file) {
    say(t('transcript.choose_file'), 'error');
    return;
  }
  if (state.lines.length && !confirm(t('transcript.import_confirm', { count: state.lines.length }))) return;
  try {
    const result = await api(`/api/v1/events/${state.eventId}/transcript`, { method: 'PUT', rawBody: await file.arrayBuffer() });
    state.history.clear();
    state.dirty.clear();
    await reload();
    say(t('transcript.imported', { count: result.lines }), 'success');
  } catch (error) {
    // The server names the line of the file it could not read.
    say(error.code === 'invalid_input' ? t('transcript.error_file', { detail: error.message }) : explain(error), 'error');
  }
}

startPage(async () => {
  state.eventId = location.pathname.split('/').filter(Boolean)[2];
  try {
    const session = await api('/api/v1/session');
    rememberCsrf(session.csrf_token);
    state.event = await api(`/api/v1/events/${encodeURIComponent(state.eventId)}`);
    await reload();
  } catch (error) {
    say(explain(error), 'error');
    return;
  }
  $('transcript-vtt').href = `/api/v1/events/${state.eventId}/transcript.vtt`;
  $('transcript-srt').href = `/api/v1/events/${state.eventId}/transcript.srt`;
  $('import-form').addEventListener('submit', importFile);
  // Leaving with corrections typed and not saved asks first.
  window.addEventListener('beforeunload', (e) => {
    if (state.dirty.size) e.preventDefault();
  });
  if (locked()) say(t('transcript.error_event_locked'));
  else if (!editable()) say(t('transcript.not_ended'));
  onLanguageChange(render);
  render();
});
