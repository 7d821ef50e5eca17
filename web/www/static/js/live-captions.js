// The caption line under the player (issue 17; docs/captions.md): the newest line a captioner sent, over the live
// socket, with on/off and text size remembered in this browser.
import { t, onLanguageChange } from './i18n.js';

const SETTINGS_KEY = 'openhall.captions';
const SIZES = ['small', 'medium', 'large'];
const $ = (id) => document.getElementById(id);
const state = { line: null, on: true, size: 'medium', shown: false };

function loadSettings() {
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}');
    if (typeof saved.on === 'boolean') state.on = saved.on;
    if (SIZES.includes(saved.size)) state.size = saved.size;
  } catch { /* defaults */ }
}

function saveSettings() {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify({ on: state.on, size: state.size }));
}

function render() {
  const box = $('captions');
  box.hidden = !state.shown;
  box.className = `captions size-${state.size}${state.on ? '' : ' off'}`;
  const line = $('caption-line');
  line.textContent = state.line ? state.line.text : t('captions.waiting');
  line.classList.toggle('waiting', !state.line);
  if (state.line) line.dataset.lineId = state.line.id;
  const toggle = $('captions-toggle');
  toggle.textContent = t(state.on ? 'captions.turn_off' : 'captions.turn_on');
  toggle.setAttribute('aria-pressed', state.on ? 'true' : 'false');
  $('captions-size').value = state.size;
}

// Shows the caption area while the event is live (`live`), with `line` (a LINE of docs/websocket.md, or null).
export function showCaptions(live, line = state.line) {
  state.shown = live;
  state.line = line;
  render();
}

// A line from the socket: a new one, or a correction of the one on screen (same id, higher revision).
export function captionReceived(line) {
  if (state.line && line.id < state.line.id) return;  // an older line's correction: the screen stays
  state.line = line;
  render();
}

export function startCaptions() {
  loadSettings();
  $('captions-toggle').addEventListener('click', () => { state.on = !state.on; saveSettings(); render(); });
  $('captions-size').addEventListener('change', (e) => {
    if (SIZES.includes(e.target.value)) state.size = e.target.value;
    saveSettings();
    render();
  });
  onLanguageChange(render);
  render();
}
