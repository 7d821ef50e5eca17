// One event: time, venue, description, agenda and the calendar link.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { formatRange, kindLabel, statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { attachStream } from './player.js';

let event = null;

function render() {
  if (!event) return;
  document.title = `${event.title} · ${t('common.brand')}`;
  document.getElementById('event-kind').textContent = kindLabel(event.kind);
  const status = document.getElementById('event-status');
  status.textContent = statusLabel(event.status);
  status.className = `badge status-${event.status}`;
  document.getElementById('event-title').textContent = event.title;
  document.getElementById('event-when').textContent = formatRange(event.starts_at, event.ends_at);
  document.getElementById('event-venue').textContent = event.venue || '—';
  document.getElementById('event-description').textContent = event.description;
  document.getElementById('event-ics').href = event.calendar_url;
  const agenda = clear(document.getElementById('event-agenda'));
  if (!event.agenda.length) agenda.append(el('li', { class: 'empty' }, t('event.no_agenda')));
  for (const item of event.agenda) {
    agenda.append(el('li', {},
      el('h3', {}, item.title),
      item.reporting_unit ? el('p', { class: 'meta' }, t('event.reported_by', { unit: item.reporting_unit })) : null,
      item.summary ? el('p', { class: 'prose' }, item.summary) : null));
  }
}

// ?t=SECONDS in the page URL starts playback there (links from answers point at a question's moment).
function startTime() {
  const t = Number.parseFloat(new URLSearchParams(location.search).get('t'));
  return Number.isFinite(t) && t >= 0 ? t : null;
}

async function showPlayer() {
  const stream = event.stream || {};
  if (!stream.hls_url) return;
  const video = document.getElementById('player');
  if (stream.poster_url) video.poster = stream.poster_url;
  document.getElementById('player-section').hidden = false;
  const live = event.status === 'live';
  document.getElementById('live-badge').hidden = !live;
  if (stream.mp4_url) {
    const link = document.getElementById('download-mp4');
    link.href = stream.mp4_url;
    link.hidden = false;
  }
  try {
    const player = await attachStream(video, stream.hls_url, { startAt: startTime(), live });
    const back = document.getElementById('back-to-live');
    back.hidden = !live;
    back.addEventListener('click', () => player.backToLive());
    video.muted = live;  // browsers only start playback by themselves without sound
    if (live || startTime() !== null) video.play().catch(() => {});
  } catch (error) {
    document.getElementById('player-status').textContent = t('event.no_playback');
  }
}

startPage(async () => {
  const status = document.getElementById('load-status');
  const id = location.pathname.split('/').filter(Boolean)[1];
  try {
    event = await api(`/api/v1/events/${encodeURIComponent(id)}`);
    document.getElementById('event').hidden = false;
    render();
    await showPlayer();
  } catch (error) {
    status.textContent = error.status === 404 ? t('event.not_found') : t('common.error_generic');
  }
  onLanguageChange(render);
});
