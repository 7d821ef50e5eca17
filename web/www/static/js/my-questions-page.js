// "My questions": the tickets kept in this browser, each with where it stands now (the ticket route).
import { api } from './api.js';
import { clear, el } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { forgetTicket, rememberTicket, storedTickets } from './tickets.js';

const views = new Map();  // ticket → the route's answer, or an error

async function load(ticket) {
  try {
    views.set(ticket, await api(`/api/v1/tickets/${encodeURIComponent(ticket)}`));
  } catch (error) {
    views.set(ticket, { error: error.status === 404 ? 'not_found' : 'failed' });
  }
}

function statusText(view) {
  if (view.error) return t(view.error === 'not_found' ? 'mine.unknown_ticket' : 'common.error_generic');
  return t(`mine.status_${view.status}`);
}

function render() {
  const list = clear(document.getElementById('my-questions'));
  const entries = storedTickets();
  if (!entries.length) list.append(el('li', { class: 'empty' }, t('mine.none')));
  for (const entry of entries) {
    const view = views.get(entry.ticket) || {};
    const question = view.question || {};
    list.append(el('li', { dataset: { ticket: entry.ticket } },
      el('p', { class: 'meta' },
        el('strong', { class: 'ticket' }, entry.ticket), ' ',
        el('span', { class: `badge question-${view.status || 'unknown'}` }, view.status || view.error ? statusText(view) : t('common.loading'))),
      el('p', { class: 'question-text' }, question.text || entry.text || ''),
      view.merged ? el('p', { class: 'hint' }, t('mine.merged')) : null,
      view.answer ? el('div', { class: 'answer' },
        el('p', {}, el('strong', {}, t('mine.answer_heading')), ' ', view.answer.text || view.answer.title),
        el('p', {}, el('a', { href: view.answer.url }, t('mine.read_answer')), ' ',
          view.answer.replay_url ? el('a', { href: view.answer.replay_url }, t('mine.watch_moment')) : null))
        : (view.status ? el('p', { class: 'hint' }, t('mine.no_answer_yet')) : null),
      el('p', { class: 'meta' },
        entry.event_id ? el('a', { href: `/events/${entry.event_id}${question.media_offset_s != null ? `?t=${Math.floor(question.media_offset_s)}` : ''}` },
          entry.event_title || t('mine.event')) : null, ' ',
        el('button', { type: 'button', class: 'link', onclick: () => { forgetTicket(entry.ticket); render(); } }, t('mine.forget')))));
  }
}

async function lookup(e) {
  e.preventDefault();
  const input = document.getElementById('lookup-ticket');
  const typed = input.value.trim();
  const status = document.getElementById('mine-status');
  if (!typed) return;
  try {
    const view = await api(`/api/v1/tickets/${encodeURIComponent(typed)}`);
    views.set(view.ticket, view);
    rememberTicket({ ticket: view.ticket, event_id: view.question.event_id, event_title: '', text: view.question.text,
      asked_at: view.question.asked_at });
    input.value = '';
    status.textContent = '';
    render();
  } catch (error) {
    status.textContent = error.status === 404 ? t('mine.unknown_ticket') : t('common.error_generic');
  }
}

startPage(async () => {
  document.getElementById('lookup-form').addEventListener('submit', lookup);
  render();
  await Promise.all(storedTickets().map((e) => load(e.ticket)));
  render();
  onLanguageChange(render);
});
