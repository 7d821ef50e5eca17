// The moderator console: the live pending queue (flagged questions and look-alikes marked), the published list,
// one-key approve/reject/pin/answered, merge by dragging a question onto another, by picking, or with one key into
// the question it looks like, and room questions.
import { ApiError, api, rememberCsrf } from './api.js';
import { clear, el } from './dom.js';
import { statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { LiveSocket, applyVotes, displayOrder } from './live-socket.js';

const MODERATORS = ['admin', 'moderator'];
const ROOM_ROLES = ['admin', 'moderator', 'scheduler'];
const $ = (id) => document.getElementById(id);
const state = {
  eventId: null, user: null, event: null, questions: new Map(), viewers: 0, connection: 'connecting',
  selected: null, socket: null, merging: null,
};

function say(message, kind = '') {
  $('console-say').className = `status-line ${kind}`;
  $('console-say').textContent = message;
}

function explain(error) {
  if (error instanceof ApiError && error.status === 401) {
    location.assign('/staff/login');
    return '';
  }
  const code = error.code || 'other';
  const key = `moderation.error_${code}`;
  const text = t(key);
  return text === key ? t('staff.error_other', { detail: error.message }) : text;
}

const pending = () => [...state.questions.values()].filter((q) => q.status === 'pending')
  .sort((a, b) => (a.flagged !== b.flagged ? (a.flagged ? -1 : 1) : Date.parse(a.asked_at) - Date.parse(b.asked_at)));
const published = () => [...state.questions.values()].filter((q) => q.status === 'approved' || q.status === 'answered')
  .sort(displayOrder);

function moderate(question, action, into) {
  const message = { type: 'moderate', question: question.id, action };
  if (into) message.into = into;
  if (action === 'reject' && $('reject-reason').value.trim()) message.reason = $('reject-reason').value.trim();
  if (!state.socket.send(message)) say(t('moderation.offline'), 'error');
}

function mergeOptions(question) {
  const options = [el('option', { value: '' }, t('moderation.merge_into'))];
  for (const other of [...published(), ...pending()]) {
    if (other.id === question.id) continue;
    options.push(el('option', { value: other.id }, `#${other.id} ${other.text.slice(0, 40)}`));
  }
  return el('select', {
    'aria-label': t('moderation.merge_into'), dataset: { mergeFor: question.id },
    onchange: (e) => { if (e.target.value) moderate(question, 'merge', Number(e.target.value)); },
  }, options);
}

// The pending or published question this one looked like when it was asked, while it is still there to merge into.
const lookAlike = (question) => (question.status === 'pending' && question.looks_like
  ? state.questions.get(question.looks_like) || null : null);

function item(question) {
  const isPending = question.status === 'pending';
  const like = lookAlike(question);
  const node = el('li', {
    role: 'option', draggable: 'true', 'aria-selected': state.selected === question.id ? 'true' : 'false',
    class: [question.flagged ? 'flagged' : '', question.pinned ? 'pinned' : ''].join(' ').trim(),
    dataset: { questionId: question.id },
    onclick: (e) => { if (e.target.tagName !== 'BUTTON' && e.target.tagName !== 'SELECT') select(question.id); },
    ondragstart: (e) => { state.merging = question.id; e.dataTransfer.setData('text/plain', String(question.id)); },
    ondragover: (e) => { if (state.merging && state.merging !== question.id) { e.preventDefault(); node.classList.add('drop-target'); } },
    ondragleave: () => node.classList.remove('drop-target'),
    ondrop: (e) => {
      e.preventDefault();
      node.classList.remove('drop-target');
      const from = state.questions.get(Number(e.dataTransfer.getData('text/plain')));
      if (from && from.id !== question.id) moderate(from, 'merge', question.id);
      state.merging = null;
    },
  },
  el('p', { class: 'question-text' }, question.text),
  el('p', { class: 'meta' },
    `#${question.id} · ${question.name || t('questions.anonymous')}`,
    question.source === 'room' ? ` · ${t('questions.from_room')}` : '',
    question.flagged ? el('span', { class: 'badge status-live' }, t('moderation.flagged', { word: question.flag_reason })) : null,
    question.pinned ? el('span', { class: 'badge' }, t('questions.pinned')) : null,
    question.status === 'answered' ? el('span', { class: 'badge status-ended' }, t('questions.answered')) : null,
    isPending ? null : ` · ▲ ${question.votes}`),
  like ? el('p', { class: 'look-alike' },
    el('span', { class: 'badge' }, t('moderation.looks_like', { id: like.id, text: like.text.slice(0, 40) })), ' ',
    el('button', { type: 'button', class: 'secondary', dataset: { action: 'merge-look-alike' },
      onclick: () => moderate(question, 'merge', like.id) }, t('moderation.merge_look_alike', { id: like.id }))) : null,
  el('div', { class: 'actions' },
    isPending
      ? el('button', { type: 'button', dataset: { action: 'approve' }, onclick: () => moderate(question, 'approve') }, t('moderation.approve'))
      : el('button', { type: 'button', class: 'secondary', dataset: { action: 'pin' },
        onclick: () => moderate(question, question.pinned ? 'unpin' : 'pin') }, t(question.pinned ? 'moderation.unpin' : 'moderation.pin')),
    isPending ? null : el('button', { type: 'button', class: 'secondary', dataset: { action: 'answered' },
      onclick: () => moderate(question, question.status === 'answered' ? 'approve' : 'answered') },
    t(question.status === 'answered' ? 'moderation.not_answered' : 'moderation.answered')),
    el('button', { type: 'button', class: 'danger', dataset: { action: 'reject' }, onclick: () => moderate(question, 'reject') }, t('moderation.reject')),
    mergeOptions(question)));
  return node;
}

function render() {
  if (state.event) {
    $('console-title').textContent = t('moderation.heading_for', { title: state.event.title });
    $('console-status').textContent = statusLabel(state.event.status);
    $('console-status').className = `badge status-${state.event.status}`;
  }
  $('console-connection').textContent = state.connection === 'open' ? '' : t('questions.reconnecting');
  const queue = clear($('pending-queue'));
  const waiting = pending();
  if (!waiting.length) queue.append(el('li', { class: 'empty' }, t('moderation.queue_empty')));
  waiting.forEach((q) => queue.append(item(q)));
  const list = clear($('published-queue'));
  const shown = published();
  if (!shown.length) list.append(el('li', { class: 'empty' }, t('questions.none_yet')));
  shown.forEach((q) => list.append(item(q)));
  $('count-pending').textContent = waiting.length;
  $('count-flagged').textContent = waiting.filter((q) => q.flagged).length;
  $('count-published').textContent = shown.length;
  $('count-answered').textContent = shown.filter((q) => q.status === 'answered').length;
  $('count-viewers').textContent = state.viewers;
}

function select(id) {
  state.selected = id;
  render();
  const node = document.querySelector(`[data-question-id="${id}"]`);
  if (node) node.scrollIntoView({ block: 'nearest' });
}

// One key per action on the selected question; j/k or the arrows move through pending, then published.
function onKey(e) {
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName) || e.ctrlKey || e.metaKey || e.altKey) return;
  const order = [...pending(), ...published()];
  const index = order.findIndex((q) => q.id === state.selected);
  const current = order[index];
  const key = e.key.toLowerCase();
  if (key === 'j' || key === 'arrowdown') select((order[index + 1] || order[0] || {}).id ?? null);
  else if (key === 'k' || key === 'arrowup') select((order[Math.max(index - 1, 0)] || {}).id ?? null);
  else if (!current) return;
  else if (key === 'a') moderate(current, 'approve');
  else if (key === 'r') moderate(current, 'reject');
  else if (key === 'p' && current.status !== 'pending') moderate(current, current.pinned ? 'unpin' : 'pin');
  else if (key === 'd' && current.status !== 'pending') moderate(current, current.status === 'answered' ? 'approve' : 'answered');
  else if (key === 'm' && lookAlike(current)) moderate(current, 'merge', lookAlike(current).id);
  else if (key === 'm') document.querySelector(`[data-merge-for="${current.id}"]`)?.focus();
  else return;
  e.preventDefault();
}

function changed(q) {
  if (q.status === 'rejected' || q.status === 'merged') {
    state.questions.delete(q.id);
    if (state.selected === q.id) state.selected = (pending()[0] || {}).id ?? null;
  } else {
    state.questions.set(q.id, { ...state.questions.get(q.id), ...q });
  }
  render();
}

async function enterRoomQuestion(e) {
  e.preventDefault();
  try {
    await api(`/api/v1/events/${state.eventId}/questions`, {
      method: 'POST', body: { text: $('room-text').value, name: $('room-name').value },
    });
    $('room-text').value = '';
    say(t('moderation.room_done'), 'success');
  } catch (error) {
    say(explain(error), 'error');
  }
}

startPage(async () => {
  state.eventId = location.pathname.split('/').filter(Boolean)[2];
  try {
    const session = await api('/api/v1/session');
    rememberCsrf(session.csrf_token);
    state.user = session.user;
    state.event = await api(`/api/v1/events/${encodeURIComponent(state.eventId)}`);
  } catch (error) {
    say(explain(error), 'error');
    return;
  }
  $('room-section').hidden = !ROOM_ROLES.includes(state.user.role);
  $('room-form').addEventListener('submit', enterRoomQuestion);
  if (!MODERATORS.includes(state.user.role)) say(t('moderation.not_moderator'));
  document.addEventListener('keydown', onKey);
  onLanguageChange(render);
  render();
  state.socket = new LiveSocket(state.eventId, {
    state: (s) => { state.connection = s; render(); },
    hello: (m) => {
      // A fresh hello replaces the published list; pending questions follow it one by one.
      state.questions = new Map(m.questions.map((q) => [q.id, q]));
      state.viewers = m.viewers;
      render();
    },
    pending: (m) => changed(m.question),
    question: (m) => changed(m.question),
    votes: (m) => {
      applyVotes(state.questions, m.votes);
      render();
    },
    viewers: (m) => { state.viewers = m.count; $('count-viewers').textContent = m.count; },
    status: async () => { state.event = await api(`/api/v1/events/${encodeURIComponent(state.eventId)}`); render(); },
    error: (m) => say(explain(m), 'error'),
  });
  await state.socket.start();
});
