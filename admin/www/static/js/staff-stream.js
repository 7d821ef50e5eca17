// The stream panel of the staff editor: the event's source (where an encoder connects) and whether a sign-language
// interpreter's input is added (where its encoder connects); while the event is live, the
// pipeline's health, refreshed every two seconds, with the reason when the input cannot be used as it is; after the
// event, the recording (MP4 and poster) with a button to write it again when a step failed.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { t } from './i18n.js';

const REFRESH_MS = 2000;
const NEEDS_URL = ['rtsp', 'file'];
const $ = (id) => document.getElementById(id);
const panel = { event: null, mayEdit: false, report: () => {}, timer: null };

const formatBitrate = (bps) => t('staff.stream_kbps', { value: Math.round(bps / 1000).toLocaleString() });

// How a track of the input reaches the viewers: "H.264 1280×720 · passed through".
function trackText(handling, format) {
  const how = t(`staff.stream_track_${handling}`);
  return format ? `${format} · ${how}` : how;
}

// A missing track or a converted picture is how the input is; the other problems need someone to act.
const NOTICES = ['no_video_track', 'no_audio_track', 'long_keyframe_interval'];

function renderProblem(problem) {
  const box = $('stream-problem');
  box.hidden = !problem;
  if (!problem) return;
  box.classList.toggle('error', !NOTICES.includes(problem.code));
  // The reason in the reader's language; the server's own words after it hold the details (a decoder's message).
  box.textContent = `${t(`staff.stream_problem_${problem.code}`)} (${problem.message})`;
}

function renderHealth(health) {
  const list = clear($('stream-health'));
  renderProblem(health && health.problem);
  if (!health) {
    list.append(el('p', { class: 'meta' }, t(panel.event.status === 'live' ? 'staff.stream_starting' : 'staff.stream_idle')));
    return;
  }
  const rows = [
    ['staff.stream_state', t(`staff.stream_state_${health.state}`)],
    ['staff.stream_video', trackText(health.video, health.video_format)],
    ['staff.stream_audio', trackText(health.audio, health.audio_format)],
    ['staff.stream_bitrate', formatBitrate(health.input_bitrate)],
    ['staff.stream_frames', health.video_frames.toLocaleString()],
    ['staff.stream_transcoding', t(health.transcoding ? 'staff.yes' : 'staff.no')],
    ['staff.stream_restarts', String(health.input_restarts)],
    ['staff.stream_last_error', health.last_error || t('staff.stream_no_error')],
  ];
  if (health.interpreter) rows.push(['staff.stream_interpreter_state', interpreterText(health.interpreter)]);
  for (const [label, value] of rows) list.append(el('dt', {}, t(label)), el('dd', { dataset: { field: label } }, value));
}

// The interpreter's input: shown, connected (its picture not composited yet), or waited for, with
// its last error (a refused passphrase, a port in use) whatever the state, in the server's words.
function interpreterText(interpreter) {
  if (interpreter.shown) return t('staff.stream_interpreter_shown');
  const parts = [t(interpreter.connected ? 'staff.stream_interpreter_connected' : 'staff.stream_interpreter_waiting')];
  if (interpreter.connected && interpreter.video_format) parts.push(interpreter.video_format);
  if (interpreter.last_error) parts.push(interpreter.last_error);
  return parts.join(' · ');
}

// After the event: whether the MP4 and the poster were written, and why not.
function renderRecording(recording) {
  const box = $('recording');
  const ended = panel.event && ['ended', 'archived'].includes(panel.event.status);
  box.hidden = !ended || !recording || recording.state === 'none';
  if (box.hidden) return;
  const list = clear($('recording-facts'));
  const rows = [
    ['staff.recording_state', t(`staff.recording_state_${recording.state}`)],
    ['staff.recording_mp4', t(recording.mp4 ? 'staff.recording_file_written' : 'staff.recording_file_missing')],
    ['staff.recording_poster', t(recording.poster ? 'staff.recording_file_written' : 'staff.recording_file_missing')],
  ];
  if (recording.error) rows.push(['staff.stream_last_error', recording.error]);
  for (const [label, value] of rows) list.append(el('dt', {}, t(label)), el('dd', { dataset: { field: label } }, value));
  $('recording-retry').hidden = !panel.mayEdit || !['failed', 'missing'].includes(recording.state);
}

async function retryRecording() {
  const button = $('recording-retry');
  button.disabled = true;
  try {
    const answer = await api(`/api/v1/events/${panel.event.id}/recording`, { method: 'POST', body: {} });
    renderRecording(answer.recording);
    panel.report(t('staff.recording_retrying'), null);
    // Written in the background: follow it until it is over.
    const follow = setInterval(async () => {
      const config = await api(`/api/v1/events/${panel.event.id}/stream`).catch(() => null);
      if (!config) return;
      renderRecording(config.recording);
      if (config.recording.state !== 'writing') clearInterval(follow);
    }, REFRESH_MS);
  } catch (error) {
    panel.report(null, error);
  } finally {
    button.disabled = false;
  }
}

function renderConfig(config) {
  const form = $('stream-form');
  form.source.value = config ? config.source : 'srt';
  form.url.value = config && config.url ? config.url : '';
  for (const field of form.elements) field.disabled = !panel.mayEdit;
  $('stream-url-label').hidden = !NEEDS_URL.includes(form.source.value);
  $('stream-ingest').hidden = !(config && config.ingest_url);
  $('stream-ingest-url').textContent = config && config.ingest_url ? config.ingest_url : '';
  form.interpreter.checked = Boolean(config && config.interpreter);
  $('stream-interpreter-ingest').hidden = !(config && config.interpreter_ingest_url);
  $('stream-interpreter-ingest-url').textContent = config && config.interpreter_ingest_url ? config.interpreter_ingest_url : '';
}

async function refresh() {
  if (!panel.event) return;
  const id = panel.event.id;
  const config = await api(`/api/v1/events/${id}/stream`);
  if (!panel.event || panel.event.id !== id) return;
  if (!$('stream-form').contains(document.activeElement)) renderConfig(config.source ? config : null);
  renderHealth(config.health);
  renderRecording(config.recording);
}

async function save(e) {
  e.preventDefault();
  const form = $('stream-form');
  const body = { source: form.source.value, interpreter: form.interpreter.checked };
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
    renderProblem(null);
    $('recording').hidden = true;
  }
  refresh().catch((error) => report(null, error));
  if (event.status === 'live') panel.timer = setInterval(() => refresh().catch(() => {}), REFRESH_MS);
}

export function setUpStreamForm() {
  $('stream-form').addEventListener('submit', save);
  $('recording-retry').addEventListener('click', retryRecording);
  $('stream-form').source.addEventListener('change', (e) => {
    $('stream-url-label').hidden = !NEEDS_URL.includes(e.target.value);
  });
}
