// The stream panel of the staff editor: the event's source (where an encoder connects) and, while the event is
// live, the pipeline's health, refreshed every two seconds.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { t } from './i18n.js';

const REFRESH_MS = 2000;
const NEEDS_URL = ['rtsp', 'file'];
const $ = (id) => document.getElementById(id);
const panel = { event: null, mayEdit: false, report: () => {}, timer: null };

const formatBitrate = (bps) => t('staff.stream_kbps', { value: Math.round(bps / 1000).toLocaleString() });

function renderHealth(health) {
  const list = clear($('stream-health'));
  if (!health) {
    list.append(el('p', { class: 'meta' }, t(panel.event.status === 'live' ? 'staff.stream_starting' : 'staff.stream_idle')));
    return;
  }
  const rows = [
    ['staff.stream_state', t(`staff.stream_state_${health.state}`)],
    ['staff.stream_bitrate', formatBitrate(health.input_bitrate)],
    ['staff.stream_frames', health.video_frames.toLocaleString()],
    ['staff.stream_transcoding', t(health.transcoding ? 'staff.yes' : 'staff.no')],
    ['staff.stream_restarts', String(health.input_restarts)],
    ['staff.stream_last_error', health.last_error || t('staff.stream_no_error')],
  ];
  for (const [label, value] of rows) list.append(el('dt', {}, t(label)), el('dd', { dataset: { field: label } }, value));
}

function renderConfig(config) {
  const form = $('stream-form');
  form.source.value = config ? config.source : 'srt';
  form.url.value = config && config.url ? config.url : '';
  for (const field of form.elements) field.disabled = !panel.mayEdit;
  $('stream-url-label').hidden = !NEEDS_URL.includes(form.source.value);
  $('stream-ingest').hidden = !(config && config.ingest_url);
  $('stream-ingest-url').textContent = config && config.ingest_url ? config.ingest_url : '';
}

async function refresh() {
  if (!panel.event) return;
  const id = panel.event.id;
  const config = await api(`/api/v1/events/${id}/stream`);
  if (!panel.event || panel.event.id !== id) return;
  if (!$('stream-form').contains(document.activeElement)) renderConfig(config.source ? config : null);
  renderHealth(config.health);
}

async function save(e) {
  e.preventDefault();
  const form = $('stream-form');
  const body = { source: form.source.value };
  if (NEEDS_URL.includes(body.source)) body.url = form.url.value.trim();
  try {
    const config = await api(`/api/v1/events/${panel.event.id}/stream`, { method: 'PUT', body });
    renderConfig(config);
    panel.report(t('staff.stream_saved'), null);
  } catch (error) {
    panel.report(null, error);
  }
}

// Called whenever the selected event changes or is reloaded; `report(message, error)` shows the outcome.
export function showStream(event, { mayEdit, report }) {
  const changed = !panel.event || !event || panel.event.id !== event.id;
  Object.assign(panel, { event, mayEdit, report });
  clearInterval(panel.timer);
  panel.timer = null;
  if (!event) return;
  if (changed) {
    renderConfig(null);
    clear($('stream-health'));
  }
  refresh().catch((error) => report(null, error));
  if (event.status === 'live') panel.timer = setInterval(() => refresh().catch(() => {}), REFRESH_MS);
}

export function setUpStreamForm() {
  $('stream-form').addEventListener('submit', save);
  $('stream-form').source.addEventListener('change', (e) => {
    $('stream-url-label').hidden = !NEEDS_URL.includes(e.target.value);
  });
}
