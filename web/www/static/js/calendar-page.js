// The public calendar: live now, upcoming and past events, filtered by kind.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { formatRange, kindLabel, statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';

let events = [];

function card(event) {
  return el('li', { class: 'event-card', dataset: { status: event.status } },
    el('p', { class: 'badges' },
      el('span', { class: 'badge' }, kindLabel(event.kind)), ' ',
      el('span', { class: `badge status-${event.status}` }, statusLabel(event.status))),
    el('h3', {}, el('a', { href: event.url }, event.title)),
    el('p', { class: 'meta' }, formatRange(event.starts_at, event.ends_at)),
    event.venue ? el('p', { class: 'meta' }, event.venue) : null,
    event.agenda.length ? el('p', { class: 'meta' }, t('calendar.agenda_count', { n: event.agenda.length })) : null);
}

function fill(list, items) {
  clear(list);
  if (!items.length) list.append(el('li', { class: 'empty' }, t(list.dataset.empty)));
  items.forEach((e) => list.append(card(e)));
}

function render() {
  const kind = document.getElementById('kind-filter').value;
  const shown = events.filter((e) => !kind || e.kind === kind);
  const now = Date.now();
  const isPast = (e) => ['ended', 'archived'].includes(e.status) || (e.status !== 'live' && Date.parse(e.ends_at) < now);
  fill(document.getElementById('live-events'), shown.filter((e) => e.status === 'live'));
  fill(document.getElementById('upcoming-events'), shown.filter((e) => e.status !== 'live' && !isPast(e)));
  fill(document.getElementById('past-events'), shown.filter((e) => e.status !== 'live' && isPast(e)).reverse());
}

startPage(async () => {
  const status = document.getElementById('load-status');
  status.textContent = t('common.loading');
  try {
    events = (await api('/api/v1/events')).events;
    status.textContent = '';
  } catch (error) {
    status.textContent = t('common.error_generic');
  }
  document.getElementById('kind-filter').addEventListener('change', render);
  onLanguageChange(render);
  render();
});
