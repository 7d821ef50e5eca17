// The caption line under the player (issue 17; docs/captions.md): the newest line a captioner sent, over the live
// socket, with on/off and text size remembered in this browser.
import { t, onLanguageChange } from './i18n.js';

const SETTINGS_KEY = 'openhall.captions';
const SIZES = ['small', 'medium', 'large'];
const PARTIAL_MAX_MS = 7000;  // the longest a cue stays (core/captions/subtitle_formats.hpp, kCueMaxMs)
const $ = (id) => document.getElementById(id);
// `partial`: a speech engine's words so far ({start_s, text}), shown in place of the line until its line comes.
const state = { line: null, partial: null, on: true, size: 'medium', shown: false };

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
  line.textContent = state.partial ? state.partial.text : state.line ? state.line.text : t('captions.waiting');
  line.classList.toggle('waiting', !state.line && !state.partial);
  line.classList.toggle('partial', !!state.partial);
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
  // The line that ends what the engine was hearing (or a person's, which wins) takes the place of its words.
  if (state.partial && line.start_s >= state.partial.start_s - 5) state.partial = null;
  render();
}

// A speech engine's words heard so far: shown at once, set in italics, until the utterance's line arrives.
export function partialReceived(line) {
  if (state.line && state.line.start_s > line.start_s) return;  // a line said later is on screen already
  state.partial = line;
  render();
  // Words whose line never comes (a person's line won, or the engine settled on nothing) leave after a cue's
  // longest time on screen.
  setTimeout(() => {
    if (state.partial === line) {
      state.partial = null;
      render();
    }
  }, PARTIAL_MAX_MS);
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
