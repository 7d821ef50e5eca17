// The transcript editor (issue 17; docs/captions.md, "After the meeting"): once an event has ended, an editor
// corrects any line (Enter or Save), removes a line that should not be there, reads a line's earlier texts, and
// imports an SRT or WebVTT file made elsewhere. Each save names the revision it started from, so two editors
// cannot overwrite each other unseen: the second is told and shown the newer text.
import { ApiError, api, rememberCsrf } from './api.js';
import { clear, el } from './dom.js';
import { formatDateTime, mediaClock, statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';

const $ = (id) => document.getElementById(id);
const state = { eventId: null, event: null, lines: [], history: new Map() };

function say(message, kind = '') {
  $('transcript-say').className = `status-line ${kind}`;
  $('transcript-say').textContent = message;
}

function explain(error) {
  if (error instanceof ApiError && error.status === 401) {
    location.assign('/staff/login');
    return '';
  }
  const key = `transcript.error_${error.code || 'other'}`;
  const text = t(key);
  return text === key ? t('staff.error_other', { detail: error.message }) : text;
}

const editable = () => state.event && state.event.status === 'ended';

async function reload() {
  state.lines = (await api(`/api/v1/events/${state.eventId}/transcript`)).lines;
  render();
}

async function save(line, input) {
  const text = input.value.trim();
  if (text === line.text) return;
  try {
    const saved = await api(`/api/v1/events/${state.eventId}/transcript/lines/${line.id}`,
      { method: 'PUT', body: { text, revision: line.revision } });
    Object.assign(line, saved);
    state.history.delete(line.id);
    say(t('transcript.saved', { time: mediaClock(line.start_s) }), 'success');
    render();
  } catch (error) {
    say(explain(error), 'error');
    // Someone else's newer text is shown; what this editor typed stays in the box to be saved again.
    if (error.code === 'conflict') {
      const typed = input.value;
      await reload();
      const box = document.querySelector(`[data-line-id="${line.id}"] input`);
      if (box) box.value = typed;
    }
  }
}

async function remove(line) {
  if (!confirm(t('transcript.remove_confirm', { text: line.text }))) return;
  try {
    await api(`/api/v1/events/${state.eventId}/transcript/lines/${line.id}?revision=${line.revision}`, { method: 'DELETE' });
    state.lines = state.lines.filter((l) => l.id !== line.id);
    say(t('transcript.removed', { time: mediaClock(line.start_s) }), 'success');
    render();
  } catch (error) {
    say(explain(error), 'error');
    if (error.code === 'conflict') await reload();
  }
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
  const input = el('input', {
    value: line.text, maxlength: 300, disabled: !editable(),
    'aria-label': t('transcript.line_label', { time: mediaClock(line.start_s) }),
    onkeydown: (e) => {
      if (e.key === 'Enter') { e.preventDefault(); save(line, input); }
      else if (e.key === 'Escape') input.value = line.text;
    },
  });
  const history = state.history.get(line.id);
  return el('li', { dataset: { lineId: line.id } },
    el('a', { class: 'meta', href: `/events/${state.eventId}?t=${Math.floor(line.start_s)}` }, mediaClock(line.start_s)),
    ' ', el('span', { class: 'badge' }, t(`transcript.source_${line.source}`)),
    line.revision > 1 ? el('span', { class: 'badge' }, t('transcript.revised_by', { name: line.revised_by || '' })) : null,
    input,
    el('span', { class: 'actions' },
      el('button', { type: 'button', disabled: !editable(), onclick: () => save(line, input) }, t('transcript.save')),
      el('button', { type: 'button', class: 'secondary', disabled: !editable(), onclick: () => remove(line) }, t('transcript.remove')),
      line.revision > 1
        ? el('button', { type: 'button', class: 'secondary', 'aria-expanded': String(!!history), onclick: () => toggleHistory(line) },
          t('transcript.history'))
        : null),
    history
      ? el('ol', { class: 'transcript-history' }, ...history.map((r) => el('li', {},
        el('span', { class: 'meta' }, t('transcript.revision_meta',
          { revision: r.revision, name: r.written_by, when: formatDateTime(r.written_at) })),
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
  const list = clear($('transcript-lines'));
  if (!state.lines.length) list.append(el('li', { class: 'empty' }, t('captions.none_yet')));
  for (const line of state.lines) list.append(lineItem(line));
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
  if (!editable()) say(t('transcript.not_ended'));
  onLanguageChange(render);
  render();
});
