// The staff dashboard: overdue work by department and escalation level, every assignment the user may see, and
// for responders the answer form of their department's work.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { actionRunner, explain, requireStaff, say } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const LEVELS = ['reminder', 'notice', 'accountability'];
const state = { user: null, assignments: [], departments: [], outbox: null };
const OUTBOX_READERS = ['admin', 'scheduler', 'editor'];

function overdueByDepartment() {
  const rows = new Map();
  for (const a of state.assignments) {
    const row = rows.get(a.department) || { reminder: 0, notice: 0, accountability: 0, open: 0 };
    if (a.status === 'open') {
      row.open += 1;
      if (LEVELS.includes(a.escalation)) row[a.escalation] += 1;
    }
    rows.set(a.department, row);
  }
  return [...rows.entries()].sort((x, y) => y[1].accountability - x[1].accountability || y[1].notice - x[1].notice);
}

function answerForm(a) {
  const text = el('textarea', { maxlength: 5000, rows: 3, 'aria-label': t('work.response') }, a.response || '');
  return el('form', {
    class: 'stacked',
    onsubmit: (e) => {
      e.preventDefault();
      submit(() => api(`/api/v1/assignments/${a.id}/response`, { method: 'POST', body: { response: text.value.trim() } }),
        t('work.answered_saved'));
    },
  }, el('label', {}, el('span', {}, t('work.response')), text), el('div', {}, el('button', { type: 'submit' }, t('work.send_response'))));
}

function renderOutbox() {
  $('outbox-section').hidden = !state.outbox;
  const list = clear($('outbox'));
  if (!state.outbox) return;
  if (!state.outbox.length) list.append(el('li', { class: 'empty' }, t('work.outbox_none')));
  for (const m of state.outbox)
    list.append(el('li', { class: 'card', dataset: { kind: m.kind } },
      el('p', {}, el('strong', {}, m.subject)),
      el('p', { class: 'meta' }, m.recipient || t('work.outbox_no_recipient'), ' · ',
        m.sent_at ? `${t('work.outbox_sent')} ${m.sent_at.slice(0, 16).replace('T', ' ')}` : t('work.outbox_waiting'),
        m.last_error ? ` · ${m.last_error}` : '')));
}

function render() {
  renderDepartments();
  renderOutbox();
  const table = clear($('overdue-table'));
  for (const [department, row] of overdueByDepartment())
    table.append(el('tr', { dataset: { department } }, el('th', { scope: 'row' }, department),
      ...LEVELS.map((level) => el('td', { class: row[level] ? `escalation-${level}` : '' }, String(row[level]))),
      el('td', {}, String(row.open))));
  const list = clear($('assignments'));
  if (!state.assignments.length) list.append(el('li', { class: 'empty' }, t('work.no_assignments')));
  const mayAnswer = ['admin', 'responder'].includes(state.user.role);
  for (const a of state.assignments)
    list.append(el('li', { class: 'card', dataset: { assignmentId: a.id } },
      el('p', {}, el('a', { href: `/events/${a.event_id}` }, t('work.event', { id: a.event_id })), ' · ',
        a.topic_id ? `${t('work.topic')} #${a.topic_id}` : `${t('work.question')} #${a.question_id}`, ' → ', a.department),
      el('p', { class: 'meta' }, t('work.due', { due: a.due_at.slice(0, 16).replace('T', ' ') }), ' ',
        el('span', { class: `badge escalation-${a.escalation}` }, t(`work.level_${a.escalation}`)), ' ', t(`work.status_${a.status}`)),
      a.escalation_history.length
        ? el('p', { class: 'meta' }, a.escalation_history.map((s) => `${t(`work.level_${s.level}`)} ${s.at.slice(0, 16).replace('T', ' ')}`).join(' · '))
        : null,
      a.response ? el('p', {}, el('strong', {}, t('work.response')), ' ', a.response) : null,
      mayAnswer && a.status === 'open' ? answerForm(a) : null));
}

async function load() {
  const mayReadOutbox = OUTBOX_READERS.includes(state.user.role);
  const [assignments, departments, outbox] = await Promise.all([
    ['admin', 'editor', 'reviewer', 'responder'].includes(state.user.role) ? api('/api/v1/assignments') : { assignments: [] },
    api('/api/v1/departments'), mayReadOutbox ? api('/api/v1/outbox') : null]);
  state.assignments = assignments.assignments;
  state.departments = departments.departments;
  state.outbox = outbox && outbox.messages;
}

function renderDepartments() {
  $('departments-section').hidden = state.user.role !== 'admin';
  const list = clear($('departments'));
  for (const d of state.departments) list.append(el('li', {}, d.name, d.contact ? ` · ${d.contact}` : '', d.supervisor_contact ? ` · ${d.supervisor_contact}` : ''));
  const select = clear($('responder-department'));
  for (const d of state.departments) select.append(el('option', { value: d.name }, d.name));
}

const submit = actionRunner($('dashboard-status'), { load, render });

startPage(async () => {
  state.user = await requireStaff();
  if (!state.user) return;
  $('department-form').addEventListener('submit', (e) => {
    e.preventDefault();
    submit(() => api('/api/v1/departments', {
      method: 'POST',
      body: { name: $('department-name').value.trim(), contact: $('department-contact').value.trim(), supervisor_contact: $('department-supervisor').value.trim() },
    }), t('work.department_added'));
  });
  $('responder-form').addEventListener('submit', (e) => {
    e.preventDefault();
    submit(() => api(`/api/v1/users/${encodeURIComponent($('responder-user').value.trim())}/department`, {
      method: 'PUT', body: { department: $('responder-department').value },
    }), t('work.responder_done'));
  });
  try {
    await load();
  } catch (error) {
    say($('dashboard-status'), explain(error), 'error');
  }
  render();
  onLanguageChange(render);
});
