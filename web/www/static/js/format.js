// Showing times, kinds and statuses in the reader's language.
import { language, t } from './i18n.js';

const LOCALES = { 'zh-Hant': 'zh-Hant-TW', 'zh-Hans': 'zh-Hans-CN', en: 'en-GB' };

// The API gives RFC 3339 times in the office's display zone; show that wall-clock time as written.
function wallClock(rfc3339) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5])) : new Date(NaN);
}

export function formatDate(rfc3339) {
  return new Intl.DateTimeFormat(LOCALES[language()], {
    timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short',
  }).format(wallClock(rfc3339));
}

export function formatTime(rfc3339) {
  return new Intl.DateTimeFormat(LOCALES[language()], {
    timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(wallClock(rfc3339));
}

export function formatRange(starts, ends) {
  const sameDay = starts.slice(0, 10) === ends.slice(0, 10);
  return sameDay
    ? `${formatDate(starts)} ${formatTime(starts)}–${formatTime(ends)}`
    : `${formatDate(starts)} ${formatTime(starts)} – ${formatDate(ends)} ${formatTime(ends)}`;
}

export const kindLabel = (kind) => t(`kind.${kind}`);
export const statusLabel = (status) => t(`status.${status}`);

export function formatDateTime(rfc3339) {
  return `${formatDate(rfc3339)} ${formatTime(rfc3339)}`;
}

// A position in a recording, "mm:ss" or "h:mm:ss" past an hour.
export function mediaClock(seconds) {
  const s = Math.floor(seconds);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0'));
  return s >= 3600 ? hms.join(':') : hms.slice(1).join(':');
}
