// Writing and reviewing one interpretation: the Markdown with its links, the server's rendering, the status
// buttons the workflow allows, the reviewer's decision, versions compared, and the comments of the window.
import { api } from './api.js';
import { clear, el, serverHtml } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { actionRunner, explain, requireStaff, say } from './staff-session.js';

const $ = (id) => document.getElementById(id);
const id = Number(location.pathname.split('/').pop());
const EDITORS = ['admin', 'editor'];
const REVIEWERS = ['admin', 'reviewer'];
const state = { user: null, site: null, item: null, topics: [], questions: [], versions: [], comments: [] };

// The moves the workflow table allows from each status (docs/workflow.md), as buttons.
const ACTIONS = {
  draft: ['in_review'],
  in_review: ['draft', 'pre_published', 'published'],
  pre_published: ['published', 'withdrawn'],
  published: ['published', 'withdrawn'],
  withdrawn: [],
};

const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

function parseMoments(text) {
  const moments = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\d+):(\d{2})\s*(.*)$/.exec(line);
    if (!m) throw new Error(t('editor.bad_moment', { line }));
    moments.push({ offset_s: Number(m[1]) * 60 + Number(m[2]), label: m[3] });
  }
  return moments;
}

function checked(container) {
  return [...container.querySelectorAll('input[type=checkbox]:checked')].map((c) => Number(c.value));
}

// The questions a short answer may be given for: linked ones and those of linked topics.
function answerable() {
  const ids = new Set(checked($('i-questions')));
  for (const topicId of checked($('i-topics')))
    for (const q of (state.topics.find((topic) => topic.id === topicId) || { question_ids: [] }).question_ids) ids.add(q);
  return [...ids].sort((a, b) => a - b);
}

function renderAnswers(values) {
  const box = clear($('i-answers'));
  for (const q of answerable()) {
    const question = state.questions.find((x) => x.id === q) || { text: `#${q}` };
    box.append(el('label', {}, el('span', {}, `#${q} ${question.text}`),
      el('textarea', { rows: 2, maxlength: 1000, dataset: { answerFor: q } }, values[q] || '')));
  }
}

function fillForm() {
  const item = state.item;
  $('i-title').value = item.title;
  $('i-body').value = item.body_md;
  const topics = clear($('i-topics'));
  for (const topic of state.topics)
    topics.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', value: topic.id, checked: item.topic_ids.includes(topic.id), onchange: () => renderAnswers(currentAnswers()) }), topic.title));
  const questions = clear($('i-questions'));
  for (const q of state.questions)
    questions.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', value: q.id, checked: item.question_ids.includes(q.id), onchange: () => renderAnswers(currentAnswers()) }), `#${q.id} ${q.text}`));
  renderAnswers(item.answers || {});
  $('i-moments').value = item.moments.map((m) => `${clock(m.offset_s)} ${m.label}`).join('\n');
}

function currentAnswers() {
  const answers = {};
  for (const box of $('i-answers').querySelectorAll('textarea')) if (box.value.trim()) answers[box.dataset.answerFor] = box.value.trim();
  return answers;
}

function render() {
  const item = state.item;
  if (!item) return;
  $('editor-title').textContent = item.title;
  $('editor-state').textContent = t(`work.i_status_${item.status}`);
  $('editor-state').dataset.status = item.status;
  $('editor-versions').textContent = t('editor.versions_line', {
    version: item.version, approved: item.approved_version ?? '—', shown: item.public_version ?? '—',
  });
  $('back-to-event').href = `/staff/events/${item.event_id}/workflow`;
  serverHtml($('preview'), item.body_html);
  const mayEdit = EDITORS.includes(state.user.role) && item.status !== 'withdrawn';
  for (const field of $('interpretation-form').elements) field.disabled = !mayEdit;

  const actions = clear($('status-actions'));
  if (EDITORS.includes(state.user.role))
    for (const to of ACTIONS[item.status]) {
      if (to === 'published' && item.status === 'published' && item.public_version === item.version) continue;
      actions.append(el('button', { type: 'button', class: to === 'withdrawn' || to === 'draft' ? 'secondary' : '', dataset: { to }, onclick: () => changeStatus(to) },
        t(`editor.to_${to}${to === 'published' && item.status === 'published' ? '_again' : ''}`)));
    }
  $('window-field').hidden = !(EDITORS.includes(state.user.role) && item.status === 'in_review');
  const reviewable = item.status === 'in_review' || (item.status === 'published' && item.public_version !== item.version);
  $('review-panel').hidden = !(REVIEWERS.includes(state.user.role) && reviewable);

  const reviews = clear($('reviews'));
  for (const r of item.reviews)
    reviews.append(el('li', { class: 'card' }, el('p', { class: 'meta' }, `${r.reviewer} · v${r.version} · ${t(`editor.decision_${r.decision}`)}`), r.comment ? el('p', {}, r.comment) : null));
  const versions = clear($('versions'));
  for (const v of state.versions)
    versions.append(el('li', {}, `v${v.version} · ${v.author} · ${v.saved_at.slice(0, 16).replace('T', ' ')} `,
      v.version > 1 ? el('button', { type: 'button', class: 'link', onclick: () => showDiff(v.version) }, t('editor.compare')) : null));
  const comments = clear($('staff-comments'));
  for (const c of state.comments) {
    const reply = el('input', { maxlength: 2000, value: c.reply || '', 'aria-label': t('editor.reply') });
    comments.append(el('li', { class: 'card' },
      el('p', {}, c.text), el('p', { class: 'meta' }, `${c.name || t('questions.anonymous')} · ${c.contact || '—'} · ${t(`editor.comment_${c.status}`)}`),
      EDITORS.includes(state.user.role) ? el('div', { class: 'inline-form' }, reply,
        el('button', { type: 'button', onclick: () => moderateComment(c, 'approve', reply.value) }, t('editor.comment_approve')),
        el('button', { type: 'button', class: 'secondary', onclick: () => moderateComment(c, 'reject', reply.value) }, t('editor.comment_reject'))) : null));
  }
}

async function reload() {
  const [item, versions, comments] = await Promise.all([
    api(`/api/v1/interpretations/${id}`),
    api(`/api/v1/interpretations/${id}/versions`),
    api(`/api/v1/interpretations/${id}/comments`),
  ]);
  state.item = item;
  state.versions = versions.versions;
  state.comments = comments.comments;
}

// The form's own checks (a moment that does not parse) say their message; the server's errors are explained.
const act = actionRunner($('editor-status'), {
  load: reload,
  render: () => { fillForm(); render(); },
  explainError: (error) => (error instanceof Error && !error.status ? error.message : explain(error)),
});

function save(e) {
  e.preventDefault();
  act(async () => {
    const body = {
      title: $('i-title').value.trim(), body_md: $('i-body').value, topic_ids: checked($('i-topics')),
      question_ids: checked($('i-questions')), answers: currentAnswers(), moments: parseMoments($('i-moments').value),
    };
    await api(`/api/v1/interpretations/${id}`, { method: 'PUT', body });
  }, t('editor.saved'));
}

function changeStatus(to) {
  const body = { status: to };
  if (to === 'pre_published') {
    if (!$('comment-until').value) {
      say($('editor-status'), t('editor.window_needed'), 'error');
      $('comment-until').focus();
      return;
    }
    body.comment_until = `${$('comment-until').value}:00${state.site.utc_offset}`;
  }
  act(() => api(`/api/v1/interpretations/${id}/status`, { method: 'POST', body }), t(`editor.done_${to}`));
}

function review(decision) {
  act(() => api(`/api/v1/interpretations/${id}/review`, { method: 'POST', body: { decision, comment: $('review-comment').value.trim() } }),
    t(`editor.decision_${decision}`));
}

function moderateComment(comment, action, reply) {
  act(() => api(`/api/v1/comments/${comment.id}/moderation`, { method: 'POST', body: { action, reply: reply.trim() } }), t('editor.comment_done'));
}

async function showDiff(version) {
  try {
    const diff = await api(`/api/v1/interpretations/${id}/diff?from=${version - 1}&to=${version}`);
    const pre = clear($('diff'));
    for (const line of diff.lines)
      pre.append(el('span', { class: `diff-${line.op}` }, `${line.op === 'added' ? '+ ' : line.op === 'removed' ? '- ' : '  '}${line.text}\n`));
    pre.hidden = false;
  } catch (error) {
    say($('editor-status'), explain(error), 'error');
  }
}

startPage(async () => {
  state.user = await requireStaff();
  if (!state.user) return;
  $('interpretation-form').addEventListener('submit', save);
  $('approve').addEventListener('click', () => review('approve'));
  $('request-changes').addEventListener('click', () => review('changes_requested'));
  try {
    state.site = await api('/api/v1/site');
    await reload();
    const [topics, questions] = await Promise.all([
      api(`/api/v1/events/${state.item.event_id}/topics`),
      api(`/api/v1/events/${state.item.event_id}/questions`),
    ]);
    state.topics = topics.topics;
    state.questions = questions.questions;
    fillForm();
  } catch (error) {
    say($('editor-status'), explain(error), 'error');
    return;
  }
  render();
  onLanguageChange(render);
});
