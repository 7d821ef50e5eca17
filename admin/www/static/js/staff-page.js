// Staff scheduling: create and edit events and agenda items, move events through their lifecycle.
import { ApiError, api, rememberCsrf } from './api.js';
import { clear, el } from './dom.js';
import { formatRange, kindLabel, statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { setUpStreamForm, showStream } from './staff-stream.js';

const SCHEDULER_ROLES = ['admin', 'scheduler'];
const state = { user: null, site: null, events: [], selected: null, editingItem: null };
const $ = (id) => document.getElementById(id);

function say(message, kind = '') {
  const status = $('staff-status');
  status.className = `status-line ${kind}`;
  status.textContent = message;
}

function explain(error) {
  if (!(error instanceof ApiError)) return t('common.error_generic');
  if (error.status === 401) {
    location.assign('/staff/login');
    return '';
  }
  const known = {
    invalid_input: 'staff.error_invalid', invalid_json: 'staff.error_invalid', illegal_transition: 'staff.error_transition',
    event_locked: 'staff.error_locked', forbidden: 'staff.error_forbidden', csrf_token_missing: 'staff.error_session',
    not_found: 'staff.error_not_found',
  };
  // The server's message names the field; it is shown as the detail.
  return t(known[error.code] || 'staff.error_other', { detail: error.message });
}

const mayEdit = () => SCHEDULER_ROLES.includes(state.user.role);
const toLocalInput = (rfc3339) => rfc3339.slice(0, 16);
const fromLocalInput = (value) => (value ? `${value}:00${state.site.utc_offset}` : '');

function renderList() {
  const list = clear($('staff-events'));
  for (const event of state.events) {
    const current = state.selected && state.selected.id === event.id;
    list.append(el('li', {}, el('button', {
      type: 'button', 'aria-current': current ? 'true' : 'false', onclick: () => select(event.id),
    }, el('strong', {}, event.title), el('br'),
    `${kindLabel(event.kind)} · ${statusLabel(event.status)} · ${formatRange(event.starts_at, event.ends_at)}`)));
  }
}

function fillForm(event) {
  const form = $('event-form');
  form.kind.value = event ? event.kind : 'open_day';
  form.title.value = event ? event.title : '';
  form.description.value = event ? event.description : '';
  form.venue.value = event ? event.venue : '';
  form.starts_at.value = event ? toLocalInput(event.starts_at) : '';
  form.ends_at.value = event ? toLocalInput(event.ends_at) : '';
  form.capacity.value = event && event.capacity !== null ? event.capacity : '';
  // The kind of an event is fixed once created; roles that may not schedule see the form read-only.
  for (const field of form.elements) field.disabled = !mayEdit() || (field === form.kind && Boolean(event));
}

function renderEditor() {
  const event = state.selected;
  $('editor-heading').textContent = event ? t('staff.edit_event') : t('staff.new_event');
  $('event-submit').textContent = event ? t('staff.save') : t('staff.create');
  $('event-submit').hidden = !mayEdit();
  $('zone-hint').textContent = t('staff.zone_hint', { zone: state.site.time_zone, offset: state.site.utc_offset });
  $('event-extras').hidden = !event;
  if (!event) {
    showStream(null, {});
    return;
  }
  const status = $('current-status');
  status.textContent = statusLabel(event.status);
  status.className = `badge status-${event.status}`;
  const actions = clear($('status-actions'));
  if (!event.next_statuses.length) actions.append(el('p', { class: 'meta' }, t('staff.no_next_status')));
  for (const next of event.next_statuses) {
    actions.append(el('button', {
      type: 'button', class: next === 'cancelled' ? 'danger' : '', disabled: !mayEdit(),
      dataset: { status: next }, onclick: () => changeStatus(next),
    }, t(`staff.to_${next}`)));
  }
  const moderation = $('moderation-link');
  moderation.href = `/staff/events/${event.id}/moderation`;
  moderation.hidden = !['admin', 'moderator', 'scheduler'].includes(state.user.role) || event.status === 'draft';
  const captions = $('captions-link');
  captions.href = `/staff/events/${event.id}/captions`;
  captions.hidden = !['admin', 'moderator', 'captioner'].includes(state.user.role) || event.status !== 'live';
  const transcript = $('transcript-link');
  transcript.href = `/staff/events/${event.id}/transcript`;
  transcript.hidden = !['admin', 'editor', 'captioner'].includes(state.user.role) || !['ended', 'archived'].includes(event.status);
  const invitations = $('invitations-link');
  invitations.href = `/staff/events/${event.id}/invitations`;
  invitations.hidden = !SCHEDULER_ROLES.includes(state.user.role);
  const registrations = $('registrations-link');
  registrations.href = `/staff/events/${event.id}/registrations`;
  registrations.hidden = !SCHEDULER_ROLES.includes(state.user.role) || (event.kind !== 'hearing' && event.capacity == null);
  const workflow = $('workflow-link');
  workflow.href = `/staff/events/${event.id}/workflow`;
  workflow.hidden = !['admin', 'editor'].includes(state.user.role) || !['live', 'ended', 'archived'].includes(event.status);
  const agenda = clear($('agenda-editor'));
  if (!event.agenda.length) agenda.append(el('li', { class: 'empty' }, t('event.no_agenda')));
  event.agenda.forEach((item, index) => {
    agenda.append(el('li', {},
      el('strong', {}, item.title),
      item.reporting_unit ? el('p', { class: 'meta' }, t('event.reported_by', { unit: item.reporting_unit })) : null,
      item.summary ? el('p', { class: 'prose' }, item.summary) : null,
      mayEdit() ? el('div', { class: 'actions' },
        event.status === 'live' ? el('button', { type: 'button', dataset: { mark: item.id }, onclick: () => markItem(item) }, t('staff.mark_now')) : null,
        el('button', { type: 'button', class: 'secondary', onclick: () => editItem(item) }, t('staff.edit')),
        el('button', { type: 'button', class: 'secondary', disabled: index === 0, onclick: () => moveItem(item, index) }, t('staff.move_up')),
        el('button', { type: 'button', class: 'secondary', disabled: index === event.agenda.length - 1, onclick: () => moveItem(item, index + 2) }, t('staff.move_down')),
        el('button', { type: 'button', class: 'danger', onclick: () => deleteItem(item) }, t('staff.delete'))) : null));
  });
  $('agenda-form').hidden = !mayEdit();
  $('agenda-submit').textContent = state.editingItem ? t('staff.agenda_save') : t('staff.agenda_add');
  $('agenda-cancel').hidden = !state.editingItem;
  $('public-link').href = event.url;
  showStream(event, { mayEdit: mayEdit(), report: (message, error) => (error ? say(explain(error), 'error') : say(message, 'success')) });
}

function render() {
  renderList();
  renderEditor();
}

async function reload(selectId) {
  state.events = (await api('/api/v1/events')).events;
  state.selected = selectId ? state.events.find((e) => e.id === selectId) || null : null;
  render();
}

function select(id) {
  state.selected = state.events.find((e) => e.id === id) || null;
  state.editingItem = null;
  $('agenda-form').reset();
  fillForm(state.selected);
  render();
  say('');
}

async function saveEvent(e) {
  e.preventDefault();
  const form = $('event-form');
  const body = {
    title: form.title.value.trim(),
    description: form.description.value,
    venue: form.venue.value.trim(),
    starts_at: fromLocalInput(form.starts_at.value),
    ends_at: fromLocalInput(form.ends_at.value),
    capacity: form.capacity.value === '' ? null : Number(form.capacity.value),
  };
  try {
    if (state.selected) {
      const saved = await api(`/api/v1/events/${state.selected.id}`, { method: 'PATCH', body });
      await reload(saved.id);
      say(t('staff.saved'), 'success');
    } else {
      body.kind = form.kind.value;
      if (body.capacity === null) delete body.capacity;
      const created = await api('/api/v1/events', { method: 'POST', body });
      await reload(created.id);
      fillForm(state.selected);
      say(t('staff.created'), 'success');
    }
  } catch (error) {
    say(explain(error), 'error');
  }
}

async function changeStatus(status) {
  try {
    const event = await api(`/api/v1/events/${state.selected.id}/status`, { method: 'POST', body: { status } });
    await reload(event.id);
    say(t('staff.status_changed', { status: statusLabel(status) }), 'success');
  } catch (error) {
    say(explain(error), 'error');
  }
}

function editItem(item) {
  state.editingItem = item;
  const form = $('agenda-form');
  form.title.value = item.title;
  form.reporting_unit.value = item.reporting_unit;
  form.summary.value = item.summary;
  renderEditor();
  form.title.focus();
}

async function saveItem(e) {
  e.preventDefault();
  const form = $('agenda-form');
  const body = { title: form.title.value.trim(), reporting_unit: form.reporting_unit.value.trim(), summary: form.summary.value };
  const base = `/api/v1/events/${state.selected.id}/agenda`;
  try {
    if (state.editingItem) await api(`${base}/${state.editingItem.id}`, { method: 'PATCH', body });
    else await api(base, { method: 'POST', body });
    state.editingItem = null;
    form.reset();
    await reload(state.selected.id);
    say(t('staff.agenda_saved'), 'success');
  } catch (error) {
    say(explain(error), 'error');
  }
}

// "Now on this agenda item": becomes a chapter of the recording at this moment.
async function markItem(item) {
  try {
    await api(`/api/v1/events/${state.selected.id}/agenda/${item.id}/mark`, { method: 'POST' });
    await reload(state.selected.id);
    say(t('staff.marked', { title: item.title }), 'success');
  } catch (error) {
    say(explain(error), 'error');
  }
}

async function moveItem(item, position) {
  try {
    await api(`/api/v1/events/${state.selected.id}/agenda/${item.id}`, { method: 'PATCH', body: { position } });
    await reload(state.selected.id);
  } catch (error) {
    say(explain(error), 'error');
  }
}

async function deleteItem(item) {
  if (!confirm(t('staff.confirm_delete', { title: item.title }))) return;
  try {
    await api(`/api/v1/events/${state.selected.id}/agenda/${item.id}`, { method: 'DELETE' });
    await reload(state.selected.id);
    say(t('staff.agenda_deleted'), 'success');
  } catch (error) {
    say(explain(error), 'error');
  }
}

startPage(async () => {
  try {
    const session = await api('/api/v1/session');
    rememberCsrf(session.csrf_token);
    state.user = session.user;
  } catch (error) {
    location.assign('/staff/login');
    return;
  }
  state.site = await api('/api/v1/site');
  const showWho = () => {
    $('who').textContent = t('staff.signed_in_as', { name: state.user.name, role: t(`role.${state.user.role}`) });
  };
  showWho();
  $('new-event').hidden = !mayEdit();
  $('new-event').addEventListener('click', () => { state.selected = null; fillForm(null); render(); $('f-title').focus(); });
  $('event-form').addEventListener('submit', saveEvent);
  $('agenda-form').addEventListener('submit', saveItem);
  setUpStreamForm();
  $('agenda-cancel').addEventListener('click', () => { state.editingItem = null; $('agenda-form').reset(); renderEditor(); });
  $('sign-out').addEventListener('click', async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => null);
    rememberCsrf(null);
    location.assign('/staff/login');
  });
  onLanguageChange(() => { showWho(); render(); });
  await reload(null);
  fillForm(null);
  if (!mayEdit()) say(t('staff.read_only'));
});
