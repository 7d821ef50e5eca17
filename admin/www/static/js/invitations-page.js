// Invitations for one event: who is invited and how they answered (attendance, withdrawal, the next suggestion
// for a declined seat), candidates ranked by rotation and reliability, the directory (add, import, export), and
// agenda submissions to accept into the agenda.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { actionRunner, explain, requireStaff, say } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const eventId = Number(location.pathname.split('/')[3]);
const state = { event: null, invitations: [], categories: [], candidates: [], submissions: [] };

const act = actionRunner($('invite-status'), { load, render });

const invite = (inviteeId) => act(() => api(`/api/v1/events/${eventId}/invitations`, {
  method: 'POST', body: { invitee_id: inviteeId, ...($('suggest-item').value ? { agenda_item_id: Number($('suggest-item').value) } : {}) },
}), t('invite.invited'));

// An invitee's earlier invitations, answers and attendance, under their card.
async function showHistory(inviteeId, button) {
  try {
    const invitee = await api(`/api/v1/invitees/${inviteeId}`);
    button.replaceWith(el('ul', {}, invitee.invitations.map((v) => el('li', {},
      `${t('work.event', { id: v.event_id })} · ${t(`invite.status_${v.status}`)}`,
      v.attendance ? ` · ${t(`invite.attendance_${v.attendance}`)}` : ''))));
  } catch (error) {
    say($('invite-status'), explain(error), 'error');
  }
}

function candidateItem(c) {
  return el('li', { class: 'card', dataset: { inviteeId: c.id } },
    el('p', {}, el('strong', {}, c.name), ` · ${c.category} · ${c.affiliation}`),
    el('p', { class: 'meta' }, t('invite.record', { invited: c.history.invited_last_year, no_shows: c.history.no_shows })),
    el('button', { type: 'button', onclick: () => invite(c.id) }, t('invite.invite')));
}

function render() {
  if (state.event) $('invite-title').textContent = t('invite.heading_for', { title: state.event.title });
  const list = clear($('invited'));
  if (!state.invitations.length) list.append(el('li', { class: 'empty' }, t('invite.none')));
  for (const v of state.invitations) {
    const open = v.status !== 'withdrawn';
    list.append(el('li', { class: 'card', dataset: { invitationId: v.id, status: v.status } },
      el('p', {}, el('strong', {}, v.invitee.name), ` · ${v.invitee.category} · `, el('span', { class: 'badge' }, t(`invite.status_${v.status}`)),
        v.attendance ? el('span', { class: 'badge' }, t(`invite.attendance_${v.attendance}`)) : null),
      v.note ? el('p', { class: 'meta' }, v.note) : null,
      el('p', { class: 'meta' }, el('a', { href: v.rsvp_url }, t('invite.rsvp_link')), ' · ',
        el('button', { type: 'button', class: 'link', onclick: (e) => showHistory(v.invitee_id, e.target) }, t('invite.history'))),
      open ? el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', onclick: () => act(() => api(`/api/v1/invitations/${v.id}/attendance`, { method: 'POST', body: { attendance: 'attended' } }), t('invite.recorded')) }, t('invite.mark_attended')),
        el('button', { type: 'button', class: 'secondary', onclick: () => act(() => api(`/api/v1/invitations/${v.id}/attendance`, { method: 'POST', body: { attendance: 'no_show' } }), t('invite.recorded')) }, t('invite.mark_no_show')),
        el('button', { type: 'button', class: 'secondary', onclick: () => act(() => api(`/api/v1/invitations/${v.id}/withdraw`, { method: 'POST', body: {} }), t('invite.withdrawn')) }, t('invite.withdraw'))) : null,
      v.replacement ? el('p', {}, t('invite.replacement', { name: v.replacement.name, reason: v.replacement.reason }), ' ',
        el('button', { type: 'button', onclick: () => invite(v.replacement.id) }, t('invite.invite'))) : null));
  }
  const candidates = clear($('candidates'));
  for (const c of state.candidates) candidates.append(candidateItem(c));
  for (const select of [$('suggest-category'), $('invitee-category')]) {
    const chosen = select.value;
    clear(select);
    if (select.id === 'suggest-category') select.append(el('option', { value: '' }, t('invite.any_category')));
    for (const c of state.categories) select.append(el('option', { value: c }, c));
    if (chosen) select.value = chosen;
  }
  const items = $('suggest-item');
  if (!items.options.length) {
    items.append(el('option', { value: '' }, t('invite.whole_meeting')));
    for (const item of state.event?.agenda || []) items.append(el('option', { value: item.id }, item.title));
  }
  const boxes = clear($('submission-categories'));
  for (const c of state.categories)
    boxes.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', value: c }), c));
  const submissions = clear($('submissions'));
  for (const s of state.submissions)
    submissions.append(el('li', { class: 'card' }, el('p', {}, el('strong', {}, s.title), ` · ${s.reporting_unit} · ${t(`invite.submission_${s.status}`)}`),
      s.summary ? el('p', {}, s.summary) : null,
      s.status === 'pending' ? el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => act(() => api(`/api/v1/agenda-submissions/${s.id}/decision`, { method: 'POST', body: { accept: true } }), t('invite.accepted')) }, t('invite.accept_submission')),
        el('button', { type: 'button', class: 'secondary', onclick: () => act(() => api(`/api/v1/agenda-submissions/${s.id}/decision`, { method: 'POST', body: { accept: false } }), t('invite.rejected')) }, t('invite.reject_submission'))) : null));
}

async function load() {
  const [event, invitations, directory, submissions] = await Promise.all([
    api(`/api/v1/events/${eventId}`), api(`/api/v1/events/${eventId}/invitations`), api('/api/v1/invitees?q='),
    api(`/api/v1/events/${eventId}/agenda-submissions`),
  ]);
  state.event = event;
  state.invitations = invitations.invitations;
  state.categories = directory.categories;
  state.submissions = submissions.submissions;
}

async function suggest(e) {
  e?.preventDefault();
  const category = $('suggest-category').value;
  state.candidates = (await api(`/api/v1/events/${eventId}/invitation-suggestions?categories=${encodeURIComponent(category)}&limit=10`)).candidates;
  render();
}

startPage(async () => {
  if (!(await requireStaff())) return;
  $('suggest-form').addEventListener('submit', suggest);
  $('submission-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const categories = [...document.querySelectorAll('#submission-categories input:checked')].map((box) => box.value);
    act(() => api(`/api/v1/events/${eventId}/agenda-submissions`, {
      method: 'POST',
      body: { title: $('submission-title').value.trim(), reporting_unit: $('submission-unit').value.trim(),
        summary: $('submission-summary').value.trim(), suggested_categories: categories },
    }), t('submit.sent'));
  });
  $('invitee-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act(() => api('/api/v1/invitees', {
      method: 'POST',
      body: { name: $('invitee-name').value.trim(), category: $('invitee-category').value, affiliation: $('invitee-affiliation').value.trim(), contact: $('invitee-contact').value.trim() },
    }), t('invite.added')).then(suggest);
  });
  $('import-file').addEventListener('change', async () => {
    const file = $('import-file').files[0];
    if (!file) return;
    const text = await file.text();
    const csrf = sessionStorage.getItem('openhall.csrf') || '';
    const response = await fetch('/api/v1/invitees/import', { method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': csrf }, body: text });
    const result = await response.json();
    say($('invite-status'), response.ok ? t('invite.imported', { n: result.imported })
      : `${t('invite.import_failed')} ${(result.error.problems || []).join('; ')}`, response.ok ? 'success' : 'error');
    await suggest();
  });
  try {
    await load();
    await suggest();
  } catch (error) {
    say($('invite-status'), explain(error), 'error');
  }
  onLanguageChange(render);
});
