// One interpretation as the public reads it: the text, the recording's moments, the short answers to the
// questions it answers, and during pre-publication the comment window.
import { ApiError, api } from './api.js';
import { clear, el, serverHtml } from './dom.js';
import { formatDate, formatTime } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';

const $ = (id) => document.getElementById(id);
const id = Number(location.pathname.split('/').pop());
const state = { item: null, comments: [], questions: new Map() };

function moment(offset) {
  const s = Math.floor(offset);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function render() {
  const item = state.item;
  if (!item) return;
  document.title = `${item.title} · OpenHall`;
  $('title').textContent = item.title;
  const notice = $('notice');
  notice.className = 'status-line';
  if (item.status === 'withdrawn') notice.textContent = t('reading.withdrawn_notice', { date: formatDate(item.withdrawn_at) });
  else if (item.status === 'pre_published')
    notice.textContent = item.comments_open
      ? t('reading.pre_published_open', { date: formatDate(item.comment_until), time: formatTime(item.comment_until) })
      : t('reading.pre_published_closed');
  else notice.textContent = '';
  $('meta').textContent = item.published_at ? t('reading.published_on', { date: formatDate(item.published_at), version: item.version }) : '';
  serverHtml($('body'), item.body_html || '');
  $('moments-section').hidden = !(item.moments || []).length;
  const moments = clear($('moments'));
  for (const m of item.moments || [])
    moments.append(el('li', {},
      el('a', { href: m.url }, `${moment(m.offset_s)} ${m.label}`),
      // What was said there (the transcript), so the text can be checked against the words without playing them.
      (m.said || []).length
        ? el('figure', { class: 'said' },
          el('figcaption', { class: 'meta' }, t('reading.said')),
          el('blockquote', {}, m.said.map((line) => line.text).join(' ')))
        : null));
  const answers = Object.entries(item.answers || {});
  $('answers-section').hidden = !answers.length;
  const list = clear($('answers'));
  for (const [question, text] of answers) {
    const q = state.questions.get(Number(question));
    list.append(el('li', { class: 'card' },
      q ? el('p', { class: 'question-text' }, q.text) : null,
      el('p', {}, el('strong', {}, t('reading.answer')), ' ', text),
      q && q.media_offset_s != null ? el('a', { href: `/events/${item.event_id}?t=${Math.floor(q.media_offset_s)}` }, t('reading.asked_moment')) : null));
  }
  $('comments-section').hidden = item.status !== 'pre_published' && !state.comments.length;
  $('comment-form').hidden = !item.comments_open;
  const comments = clear($('comments'));
  for (const c of state.comments)
    comments.append(el('li', { class: 'card' },
      el('p', {}, c.text),
      el('p', { class: 'meta' }, c.name || t('questions.anonymous')),
      c.reply ? el('p', { class: 'reply' }, el('strong', {}, t('reading.reply')), ' ', c.reply) : null));
}

async function sendComment(e) {
  e.preventDefault();
  const status = $('comment-status');
  const text = $('comment-text').value.trim();
  if (!text) {
    status.className = 'status-line error';
    status.textContent = t('reading.comment_empty');
    return;
  }
  try {
    await api(`/api/v1/interpretations/${id}/comments`, {
      method: 'POST', body: { text, name: $('comment-name').value.trim(), contact: $('comment-contact').value.trim() },
    });
    $('comment-text').value = '';
    status.className = 'status-line success';
    status.textContent = t('reading.comment_thanks');
  } catch (error) {
    // What was typed stays in the form.
    status.className = 'status-line error';
    status.textContent = error instanceof ApiError && error.code === 'conflict' ? t('reading.comment_closed') : t('common.error_generic');
  }
}

startPage(async () => {
  $('comment-form').addEventListener('submit', sendComment);
  try {
    state.item = await api(`/api/v1/interpretations/${id}`);
  } catch {
    $('title').textContent = t('reading.not_found');
    return;
  }
  const [comments, questions] = await Promise.all([
    api(`/api/v1/interpretations/${id}/comments`).catch(() => ({ comments: [] })),
    api(`/api/v1/events/${state.item.event_id}/questions`).catch(() => ({ questions: [] })),
  ]);
  state.comments = comments.comments;
  for (const q of questions.questions) state.questions.set(q.id, q);
  render();
  onLanguageChange(render);
});
