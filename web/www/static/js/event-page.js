// One event: time, venue, description, agenda and the calendar link.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { formatRange, kindLabel, mediaClock, statusLabel } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';
import { captionReceived, partialReceived, showCaptions, startCaptions } from './live-captions.js';
import { startLiveQuestions } from './live-questions.js';
import { attachStream } from './player.js';
import { showRegistration } from './registration-form.js';

let event = null;
let interpretations = [];

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
  document.getElementById('event-interpretations-section').hidden = !interpretations.length;
  const answers = clear(document.getElementById('event-interpretations'));
  for (const item of interpretations) answers.append(el('li', {}, el('a', { href: item.url }, item.title)));
}

// ?t=SECONDS in the page URL starts playback there (links from answers point at a question's moment).
function startTime() {
  const t = Number.parseFloat(new URLSearchParams(location.search).get('t'));
  return Number.isFinite(t) && t >= 0 ? t : null;
}

// The agenda marks as a list that seeks the player to each item's moment.
function renderChapters() {
  const chapters = (event.chapters || []).filter((c) => c.offset_s !== null);
  document.getElementById('chapters-section').hidden = chapters.length === 0;
  const list = clear(document.getElementById('chapters'));
  for (const chapter of chapters) {
    list.append(el('li', {}, el('button', {
      type: 'button', class: 'secondary', dataset: { offset: chapter.offset_s },
      onclick: () => {
        const video = document.getElementById('player');
        video.currentTime = chapter.offset_s;
        video.play().catch(() => {});
      },
    }, `${mediaClock(chapter.offset_s)} ${chapter.title}`)));
  }
}

// Starts playback by itself (live, or a replay opened at a moment). Browsers refuse sound until the visitor has
// interacted with the site (a replay link opened from an e-mail, for one), at their own discretion: then the
// replay plays without sound rather than not at all. The autoplay attribute starts playback whenever enough is
// buffered, also after a load or seek that interrupted play() (hls.js attaches its source, then seeks).
function startPlayback(video) {
  video.autoplay = true;
  video.play().catch((error) => {
    if (error.name !== 'NotAllowedError' || video.muted) return;
    video.muted = true;
    video.play().catch(() => {});
  });
}

// The "turn the sound on" button is there whenever the player is muted, however it came to be.
function offerSound(video) {
  const button = document.getElementById('sound-on');
  const show = () => { button.hidden = !video.muted; };
  button.addEventListener('click', () => { video.muted = false; });
  video.addEventListener('volumechange', show);
  show();
}

async function showPlayer() {
  const stream = event.stream || {};
  if (!stream.hls_url) return;
  const video = document.getElementById('player');
  if (stream.poster_url) video.poster = stream.poster_url;
  document.getElementById('player-section').hidden = false;
  renderChapters();
  const live = event.status === 'live';
  document.getElementById('live-badge').hidden = !live;
  if (stream.mp4_url) {
    const link = document.getElementById('download-mp4');
    link.href = stream.mp4_url;
    link.hidden = false;
  }
  try {
    // The multivariant playlist carries the captions as a subtitles rendition (a text track of the player).
    const player = await attachStream(video, stream.master_url || stream.hls_url, { startAt: startTime(), live });
    video.openhallPlayer = player;  // for measuring glass-to-viewer (tests and bench/)
    const back = document.getElementById('back-to-live');
    back.hidden = !live;
    back.addEventListener('click', () => player.backToLive());
    video.muted = live;  // a live viewer joins quietly; the button below turns the sound on
    offerSound(video);
    if (live || startTime() !== null) startPlayback(video);
  } catch (error) {
    document.getElementById('player-status').textContent = t('event.no_playback');
  }
}

startPage(async () => {
  const status = document.getElementById('load-status');
  const id = location.pathname.split('/').filter(Boolean)[1];
  try {
    event = await api(`/api/v1/events/${encodeURIComponent(id)}`);
    interpretations = (await api(`/api/v1/interpretations?event=${event.id}&status=published`)).interpretations;
    document.getElementById('event').hidden = false;
    render();
    await showRegistration(event);
    await showPlayer();
    startCaptions();
    showCaptions(event.status === 'live');
    // The question box opens (and the player starts) when the event goes live while the page is open.
    await startLiveQuestions(event, {
      onCaption: (line) => {
        if (line) captionReceived(line);
        else showCaptions(event.status === 'live', null);
      },
      onPartial: partialReceived,
      onStatus: async (status) => {
        event = await api(`/api/v1/events/${encodeURIComponent(id)}`);
        showCaptions(status === 'live');
        render();
        if (status === 'live' && document.getElementById('player-section').hidden) await showPlayer();
      },
    });
  } catch (error) {
    status.textContent = error.status === 404 ? t('event.not_found') : t('common.error_generic');
  }
  onLanguageChange(render);
});
