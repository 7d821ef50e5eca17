// The question box and the live list on the event page: ask (the ticket is shown after the ack and kept in the
// browser), vote once, see approved questions and the viewer count as they change.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { LiveSocket, applyVotes, displayOrder } from './live-socket.js';
import { rememberTicket } from './tickets.js';

const VOTED_KEY = 'openhall.voted';
const MAX_TEXT = 500;

const state = { event: null, questions: new Map(), viewers: null, connection: 'connecting', live: false, socket: null };

function voted() {
  try { return new Set(JSON.parse(localStorage.getItem(VOTED_KEY) || '[]')); } catch { return new Set(); }
}

function remember(questionId) {
  const all = voted();
  all.add(questionId);
  localStorage.setItem(VOTED_KEY, JSON.stringify([...all].slice(-1000)));
}

function setStatus(text, kind = '') {
  const status = document.getElementById('ask-status');
  clear(status).append(...(Array.isArray(text) ? text : [text]));
  status.className = `status-line ${kind}`;
}

function renderList() {
  const list = clear(document.getElementById('live-questions'));
  const shown = [...state.questions.values()].sort(displayOrder);
  if (!shown.length) list.append(el('li', { class: 'empty' }, t('questions.none_yet')));
  const mine = voted();
  for (const q of shown) {
    const hasVoted = mine.has(q.id);
    list.append(el('li', { class: q.pinned ? 'pinned' : '', dataset: { questionId: q.id } },
      el('p', { class: 'question-text' }, q.text),
      el('p', { class: 'meta' },
        q.pinned ? el('span', { class: 'badge' }, t('questions.pinned')) : null,
        q.status === 'answered' ? el('span', { class: 'badge status-ended' }, t('questions.answered')) : null,
        q.source === 'room' ? el('span', { class: 'badge' }, t('questions.from_room')) : null,
        ' ', q.name || t('questions.anonymous')),
      el('button', {
        type: 'button', class: 'vote secondary', 'aria-pressed': hasVoted ? 'true' : 'false', disabled: hasVoted,
        'aria-label': t('questions.vote_label', { n: q.votes }),
        onclick: () => vote(q.id),
      }, `▲ ${q.votes}`)));
  }
}

function renderMeta() {
  document.getElementById('viewer-count').textContent =
    state.viewers === null ? '' : t('questions.viewers', { n: state.viewers });
  document.getElementById('live-state').textContent =
    state.connection === 'open' ? '' : t(state.connection === 'closed' ? 'questions.reconnecting' : 'questions.connecting');
  document.getElementById('ask-form').hidden = !state.live;
  document.getElementById('ask-closed').hidden = state.live;
  const text = document.getElementById('ask-text');
  document.getElementById('ask-count').textContent = t('questions.characters_left', { n: MAX_TEXT - [...text.value].length });
}

function vote(id) {
  remember(id);
  if (!state.socket.send({ type: 'vote', question: id })) setStatus(t('questions.error_offline'), 'error');
  renderList();
}

function errorText(message) {
  const key = `questions.error_${message.code}`;
  const text = t(key);
  return text === key ? message.message : text;
}

function onAck(message) {
  const pending = state.asked.get(message.id);
  state.asked.delete(message.id);
  rememberTicket({ ticket: message.ticket, event_id: state.event.id, event_title: state.event.title,
    text: pending ? pending.text : '', asked_at: new Date().toISOString() });
  setStatus([t('questions.received'), ' ', el('strong', { class: 'ticket' }, message.ticket), ' ',
    el('a', { href: '/my-questions' }, t('questions.my_questions_link'))], 'success');
  document.getElementById('ask-submit').disabled = false;
}

function onError(message) {
  if (message.id && state.asked.has(message.id)) {
    // The question was not taken: give the text back so nothing typed is lost.
    const text = document.getElementById('ask-text');
    if (!text.value) text.value = state.asked.get(message.id).text;
    state.asked.delete(message.id);
    document.getElementById('ask-submit').disabled = false;
  }
  if (message.code === 'already_voted') return;
  if (message.code === 'not_live') state.live = false;
  setStatus(errorText(message), 'error');
  renderMeta();
}

function submit(e) {
  e.preventDefault();
  const text = document.getElementById('ask-text');
  const name = document.getElementById('ask-name');
  const value = text.value.trim();
  if (!value) return setStatus(t('questions.error_text_empty'), 'error');
  if ([...value].length > MAX_TEXT) return setStatus(t('questions.error_text_too_long'), 'error');
  const id = state.socket.ask(value, name.value.trim());
  state.asked.set(id, { text: value });
  localStorage.setItem('openhall.name', name.value.trim());
  text.value = '';
  document.getElementById('ask-submit').disabled = true;
  setStatus(t('questions.sending'));
  renderMeta();
}

// `onCaption(line)`: the newest caption line (null in a hello without one), `onPartial(line)`: a speech engine's
// words heard so far (until its line comes), `onStatus(status)`: the event's new status.
export async function startLiveQuestions(event, { onStatus, onCaption, onPartial } = {}) {
  state.event = event;
  state.asked = new Map();
  state.live = event.status === 'live';
  document.getElementById('questions-section').hidden = false;
  document.getElementById('ask-name').value = localStorage.getItem('openhall.name') || '';
  document.getElementById('ask-form').addEventListener('submit', submit);
  document.getElementById('ask-text').addEventListener('input', renderMeta);
  onLanguageChange(() => { renderList(); renderMeta(); });
  // Until the socket says hello, the list comes over HTTP (and stays so for events that are over).
  try {
    for (const q of (await api(`/api/v1/events/${event.id}/questions`)).questions) state.questions.set(q.id, q);
  } catch { /* the socket brings them */ }
  renderList();
  renderMeta();
  if (!['scheduled', 'live', 'ended'].includes(event.status)) return;
  state.socket = new LiveSocket(event.id, {
    state: (s) => { state.connection = s; renderMeta(); },
    hello: (m) => {
      state.questions = new Map(m.questions.map((q) => [q.id, q]));
      state.viewers = m.viewers;
      renderList();
      renderMeta();
      if (onCaption) onCaption(m.caption || null);
    },
    caption: (m) => { if (onCaption) onCaption(m.line); },
    caption_partial: (m) => { if (onPartial) onPartial(m.line); },
    question: (m) => {
      const q = m.question;
      if (q.status === 'approved' || q.status === 'answered') state.questions.set(q.id, q);
      else state.questions.delete(q.id);
      renderList();
    },
    votes: (m) => {
      applyVotes(state.questions, m.votes);
      renderList();
    },
    viewers: (m) => { state.viewers = m.count; renderMeta(); },
    status: (m) => {
      state.live = m.status === 'live';
      renderMeta();
      if (onStatus) onStatus(m.status);
    },
    ack: onAck,
    error: onError,
  });
  await state.socket.start();
}
