// After the meeting, for one event: suggested groups become topics, topics and single questions are assigned to
// departments with a due date, and interpretations are started from here.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { actionRunner, explain, requireStaff, say } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const eventId = Number(location.pathname.split('/')[3]);
const state = { user: null, site: null, event: null, groups: [], topics: [], questions: [], departments: [], assignments: [], interpretations: [] };
const EDITORS = ['admin', 'editor'];

const questionText = (id) => (state.questions.find((q) => q.id === id) || { text: `#${id}` }).text;
const inTopic = () => new Set(state.topics.flatMap((topic) => topic.question_ids));

async function load() {
  const [groups, topics, questions, departments, assignments, interpretations] = await Promise.all([
    api(`/api/v1/events/${eventId}/question-groups`),
    api(`/api/v1/events/${eventId}/topics`),
    api(`/api/v1/events/${eventId}/questions?status=pending,approved,answered`),
    api('/api/v1/departments'),
    api('/api/v1/assignments'),
    api(`/api/v1/interpretations?event=${eventId}`),
  ]);
  const taken = new Set(topics.topics.flatMap((topic) => topic.question_ids));
  state.groups = groups.groups.filter((g) => !g.question_ids.some((id) => taken.has(id)));
  state.topics = topics.topics;
  state.questions = questions.questions;
  state.departments = departments.departments;
  state.assignments = assignments.assignments.filter((a) => a.event_id === eventId);
  state.interpretations = interpretations.interpretations;
}

const act = actionRunner($('work-status'), { load, render });

// The ticked questions become the topic; the unticked ones are sent as declined, remembered as not asking the same.
function makeTopic(card, title) {
  const boxes = [...card.querySelectorAll('input[type=checkbox][data-question]')];
  const ids = (checked) => boxes.filter((box) => box.checked === checked).map((box) => Number(box.dataset.question));
  if (!ids(true).length) {
    say($('work-status'), t('work.none_kept'), 'error');
    return;
  }
  act(() => api(`/api/v1/events/${eventId}/topics`, {
    method: 'POST', body: { title, question_ids: ids(true), declined_ids: ids(false) },
  }), t('work.topic_made'));
}

function renderGroups() {
  const list = clear($('groups'));
  if (!state.groups.length) list.append(el('li', { class: 'empty' }, t('work.no_groups')));
  state.groups.forEach((group, index) => {
    const title = el('input', { maxlength: 200, value: questionText(group.question_ids[0]).slice(0, 60), 'aria-label': t('work.topic_title') });
    const card = el('li', { class: 'card', dataset: { group: index } },
      el('ul', {}, group.question_ids.map((id) => el('li', {}, el('label', {},
        el('input', { type: 'checkbox', checked: true, dataset: { question: id }, title: t('work.keep_in_topic') }),
        ` #${id} ${questionText(id)}`)))),
      el('p', { class: 'meta' }, t('work.similarity', { value: Math.round(group.min_similarity * 100) }),
        group.remembered ? el('span', { class: 'badge' }, t('work.remembered')) : null),
      el('label', { class: 'inline-form' }, el('span', {}, t('work.topic_title')), title),
      el('button', { type: 'button', onclick: () => makeTopic(card, title.value.trim()) }, t('work.accept_group')));
    list.append(card);
  });
}

function renderTopics() {
  const list = clear($('topics'));
  if (!state.topics.length) list.append(el('li', { class: 'empty' }, t('work.no_topics')));
  for (const topic of state.topics)
    list.append(el('li', { class: 'card', dataset: { topicId: topic.id } },
      el('h3', {}, topic.title),
      state.topics.length > 1 ? el('select', {
        'aria-label': t('work.merge_into'),
        onchange: (e) => {
          if (e.target.value) act(() => api(`/api/v1/topics/${e.target.value}/merge`, { method: 'POST', body: { from: topic.id } }), t('work.merged'));
        },
      }, el('option', { value: '' }, t('work.merge_into')),
      state.topics.filter((other) => other.id !== topic.id).map((other) => el('option', { value: other.id }, other.title))) : null,
      el('ul', {}, topic.question_ids.map((id) => el('li', {}, `#${id} ${questionText(id)}`,
        topic.question_ids.length > 1 ? el('button', {
          type: 'button', class: 'link',
          onclick: () => act(() => api(`/api/v1/topics/${topic.id}`, {
            method: 'PATCH', body: { question_ids: topic.question_ids.filter((q) => q !== id) },
          }), t('work.topic_split')),
        }, t('work.take_out')) : null)))));
  const loose = clear($('loose'));
  const taken = inTopic();
  for (const q of state.questions.filter((question) => !taken.has(question.id)))
    loose.append(el('li', { class: 'card' }, `#${q.id} ${q.text}`));
}

function renderAssignForm() {
  const what = clear($('assign-what'));
  for (const topic of state.topics) what.append(el('option', { value: `topic:${topic.id}` }, `${t('work.topic')} ${topic.title}`));
  const taken = inTopic();
  for (const q of state.questions.filter((question) => !taken.has(question.id)))
    what.append(el('option', { value: `question:${q.id}` }, `${t('work.question')} #${q.id} ${q.text.slice(0, 40)}`));
  const departments = clear($('assign-department'));
  for (const d of state.departments) departments.append(el('option', { value: d.name }, d.name));
}

function levelBadge(a) {
  return el('span', { class: `badge escalation-${a.escalation}` }, t(`work.level_${a.escalation}`));
}

function renderAssignments() {
  const list = clear($('event-assignments'));
  if (!state.assignments.length) list.append(el('li', { class: 'empty' }, t('work.no_assignments')));
  for (const a of state.assignments)
    list.append(el('li', { class: 'card', dataset: { assignmentId: a.id } },
      el('p', {}, a.topic_id ? `${t('work.topic')} #${a.topic_id}` : `${t('work.question')} #${a.question_id}`, ' → ', a.department),
      el('p', { class: 'meta' }, t('work.due', { due: a.due_at.slice(0, 16).replace('T', ' ') }), ' ', levelBadge(a), ' ',
        t(`work.status_${a.status}`)),
      a.response ? el('p', {}, el('strong', {}, t('work.response')), ' ', a.response) : null));
}

function renderInterpretations() {
  const list = clear($('event-interpretations'));
  for (const i of state.interpretations)
    list.append(el('li', { class: 'card' },
      el('a', { href: `/staff/interpretations/${i.id}` }, i.title), ' ',
      el('span', { class: 'badge' }, t(`work.i_status_${i.status}`))));
  $('new-interpretation').hidden = !EDITORS.includes(state.user.role);
  $('export').hidden = state.user.role !== 'admin';
}

function render() {
  if (state.event) $('work-title').textContent = t('work.heading_for', { title: state.event.title });
  renderGroups();
  renderTopics();
  renderAssignForm();
  renderAssignments();
  renderInterpretations();
}

async function assign(e) {
  e.preventDefault();
  const [kind, id] = $('assign-what').value.split(':');
  const due = $('assign-due').value;
  if (!kind || !due) {
    say($('work-status'), t('work.assign_incomplete'), 'error');
    return;
  }
  const body = { department: $('assign-department').value, due_at: `${due}:00${state.site.utc_offset}` };
  body[kind === 'topic' ? 'topic_id' : 'question_id'] = Number(id);
  act(() => api('/api/v1/assignments', { method: 'POST', body }), t('work.assigned'));
}

async function newInterpretation() {
  try {
    const draft = await api('/api/v1/interpretations', {
      method: 'POST',
      body: {
        event_id: eventId, title: state.event.title, body_md: t('work.draft_body'),
        topic_ids: state.topics.map((topic) => topic.id),
      },
    });
    location.assign(`/staff/interpretations/${draft.id}`);
  } catch (error) {
    say($('work-status'), explain(error), 'error');
  }
}

async function exportBundle() {
  try {
    const made = await api(`/api/v1/events/${eventId}/export`, { method: 'POST', body: {} });
    $('export-download').href = made.download_url;
    $('export-download').hidden = false;
    say($('work-status'), t('work.exported', { files: made.files }), 'success');
  } catch (error) {
    say($('work-status'), explain(error), 'error');
  }
}

startPage(async () => {
  state.user = await requireStaff();
  if (!state.user) return;
  $('assign-form').addEventListener('submit', assign);
  $('new-interpretation').addEventListener('click', newInterpretation);
  $('export').addEventListener('click', exportBundle);
  try {
    [state.site, state.event] = await Promise.all([api('/api/v1/site'), api(`/api/v1/events/${eventId}`)]);
    await load();
  } catch (error) {
    say($('work-status'), explain(error), 'error');
  }
  render();
  onLanguageChange(render);
});
