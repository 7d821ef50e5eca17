// The invitee's page behind the RSVP link: the event, its agenda and venue, the calendar entry, and the answer
// (accept or decline with a note), which can be changed until the event starts.
import { ApiError, api } from './api.js';
import { clear, el } from './dom.js';
import { formatRange } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';

const $ = (id) => document.getElementById(id);
const token = location.pathname.split('/').pop();
const OPEN = ['draft', 'scheduled', 'postponed'];
let view = null;

function render() {
  if (!view) return;
  const event = view.event;
  $('rsvp-greeting').textContent = t('rsvp.greeting', { name: view.invitee.name });
  $('rsvp-event').hidden = false;
  $('rsvp-title').textContent = event.title;
  $('rsvp-when').textContent = formatRange(event.starts_at, event.ends_at);
  $('rsvp-venue').textContent = event.venue || '—';
  const agenda = clear($('rsvp-agenda'));
  for (const item of event.agenda)
    agenda.append(el('li', { class: item.id === view.agenda_item_id ? 'highlight' : '' }, item.title,
      item.id === view.agenda_item_id ? ` · ${t('rsvp.your_item')}` : ''));
  $('rsvp-ics').href = `/api/v1/rsvp/${token}/calendar.ics`;
  $('rsvp-state').textContent = t(`rsvp.state_${view.status}`);
  $('rsvp-state').dataset.status = view.status;
  $('rsvp-form').hidden = view.status === 'withdrawn' || !OPEN.includes(event.status);
}

async function answer(response) {
  try {
    const answered = await api(`/api/v1/rsvp/${token}`, { method: 'POST', body: { response, note: $('rsvp-note').value.trim() } });
    view = { ...view, ...answered, event: view.event, invitee: view.invitee };
  } catch (error) {
    $('rsvp-state').textContent = error instanceof ApiError && error.code === 'invitation_withdrawn'
      ? t('rsvp.state_withdrawn') : t('common.error_generic');
    return;
  }
  render();
}

startPage(async () => {
  $('rsvp-accept').addEventListener('click', () => answer('accept'));
  $('rsvp-decline').addEventListener('click', () => answer('decline'));
  try {
    view = await api(`/api/v1/rsvp/${token}`);
    $('rsvp-note').value = view.note || '';
  } catch {
    $('rsvp-state').textContent = t('rsvp.not_found');
    return;
  }
  render();
  onLanguageChange(render);
});
