// Published interpretations: search over them and the public questions, answer statistics, and the list.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { formatDate, mediaClock } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';

const $ = (id) => document.getElementById(id);
const state = { list: [], stats: null, results: null };

function card(item) {
  const withdrawn = item.status === 'withdrawn';
  return el('li', { class: 'card', dataset: { interpretationId: item.id } },
    el('h3', {}, el('a', { href: item.url }, item.title)),
    el('p', { class: 'meta' },
      withdrawn ? el('span', { class: 'badge' }, t('reading.withdrawn_badge')) : null, ' ',
      item.published_at ? formatDate(item.published_at) : ''),
    item.excerpt ? el('p', {}, item.excerpt) : null);
}

function render() {
  const list = clear($('interpretations'));
  if (!state.list.length) list.append(el('li', { class: 'empty' }, t('reading.none')));
  for (const item of state.list) list.append(card(item));
  const overall = state.stats && state.stats.overall;
  $('stats-overall').textContent = overall
    ? t('reading.stats_line', {
      questions: overall.questions, answered: overall.answered,
      hours: overall.median_hours_to_answer == null ? '—' : Math.round(overall.median_hours_to_answer),
    })
    : '';
  const rows = clear($('stats-events'));
  for (const e of (state.stats && state.stats.events) || [])
    rows.append(el('tr', {}, el('th', { scope: 'row' }, el('a', { href: `/events/${e.event_id}` }, e.title)),
      el('td', {}, String(e.questions)), el('td', {}, String(e.answered)),
      el('td', {}, e.median_hours_to_answer == null ? '—' : String(Math.round(e.median_hours_to_answer)))));
  $('search-section').hidden = !state.results;
  if (state.results) {
    const results = clear($('search-results'));
    if (!state.results.length) results.append(el('li', { class: 'empty' }, t('reading.no_results')));
    for (const r of state.results)
      results.append(el('li', { class: 'card', dataset: { kind: r.kind } },
        el('p', { class: 'meta' }, t(`reading.kind_${r.kind}`), ' · ', r.title,
          r.kind === 'caption' ? ` · ${mediaClock(r.line.start_s)}` : ''),
        el('p', {}, el('a', { href: r.url }, r.excerpt))));
  }
}

async function search(e) {
  e?.preventDefault();
  const q = $('search-q').value.trim();
  if (!q) {
    state.results = null;
    render();
    return;
  }
  try {
    state.results = (await api(`/api/v1/search?q=${encodeURIComponent(q)}`)).results;
    history.replaceState(null, '', `?q=${encodeURIComponent(q)}`);
    $('reading-status').textContent = '';
  } catch {
    $('reading-status').textContent = t('common.error_generic');
  }
  render();
}

startPage(async () => {
  $('search-form').addEventListener('submit', search);
  const [list, stats] = await Promise.all([api('/api/v1/interpretations'), api('/api/v1/statistics')]);
  state.list = list.interpretations;
  state.stats = stats;
  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    $('search-q').value = q;
    await search();
  }
  render();
  onLanguageChange(render);
});
