// Registrations of one event for schedulers: who registered (with contacts), the window, and for hearings the
// seed announced beforehand and the draw.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { formatDateTime } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { actionRunner, explain, requireStaff, say } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const eventId = Number(location.pathname.split('/')[3]);
const state = { site: null, event: null, registrations: [], lottery: null };

const toInput = (rfc3339) => (rfc3339 ? rfc3339.slice(0, 16) : '');
const fromInput = (value) => (value ? `${value}:00${state.site.utc_offset}` : undefined);

const act = actionRunner($('reg-status'), { load, render });

function render() {
  if (!state.event) return;
  $('reg-title').textContent = t('regstaff.heading_for', { title: state.event.title });
  $('lottery-panel').hidden = state.event.kind !== 'hearing';
  const counts = clear($('reg-counts'));
  for (const status of ['confirmed', 'waitlisted', 'applied', 'drawn', 'not_drawn', 'cancelled']) {
    const n = state.registrations.filter((r) => r.status === status).length;
    if (n) counts.append(el('li', {}, `${t(`register.state_short_${status}`)} `, el('strong', {}, String(n))));
  }
  $('seed-state').textContent = state.lottery ? t('regstaff.seed_state', { seed: state.lottery.seed }) : t('regstaff.no_seed');
  const rows = clear($('registrations'));
  for (const r of state.registrations)
    rows.append(el('tr', { dataset: { code: r.code } }, el('td', {}, r.code), el('td', {}, r.name), el('td', {}, r.contact),
      el('td', {}, t(`register.type_${r.type}`)),
      el('td', {}, t(`register.state_short_${r.status}`), r.speaking_order ? ` #${r.speaking_order}` : ''),
      el('td', {}, r.checked_in_at ? formatDateTime(r.checked_in_at) : '—')));
}

async function load() {
  const [event, registrations, lottery, settings] = await Promise.all([
    api(`/api/v1/events/${eventId}`), api(`/api/v1/events/${eventId}/registrations`),
    api(`/api/v1/events/${eventId}/lottery`), api(`/api/v1/events/${eventId}/registration-settings`),
  ]);
  state.event = event;
  state.registrations = registrations.registrations;
  state.lottery = lottery.seed ? lottery : null;
  $('opens-at').value = toInput(settings.opens_at);
  $('closes-at').value = toInput(settings.closes_at);
  $('speaking-minutes').value = settings.speaking_minutes;
}

startPage(async () => {
  if (!(await requireStaff())) return;
  $('window-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { opens_at: fromInput($('opens-at').value), closes_at: fromInput($('closes-at').value) };
    if ($('speaking-minutes').value) body.speaking_minutes = Number($('speaking-minutes').value);
    act(() => api(`/api/v1/events/${eventId}/registration-settings`, { method: 'PUT', body }), t('regstaff.saved'));
  });
  $('seed-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act(() => api(`/api/v1/events/${eventId}/lottery/seed`, { method: 'POST', body: { seed: $('seed').value.trim() } }), t('regstaff.announced'));
  });
  $('draw-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const seed = state.lottery ? state.lottery.seed : $('seed').value.trim();
    act(() => api(`/api/v1/events/${eventId}/lottery`, {
      method: 'POST', body: { seats: Number($('seats').value), seed, type: $('draw-type').value },
    }), t('regstaff.drawn'));
  });
  try {
    state.site = await api('/api/v1/site');
    await load();
  } catch (error) {
    say($('reg-status'), explain(error), 'error');
  }
  render();
  onLanguageChange(render);
});
