// Check-in at the door: a code typed, or the registration's link from its QR code read by a scanner (which types
// it into the field); the answer is large and plain, and the last ones stay listed.
import { ApiError, api } from './api.js';
import { el } from './dom.js';
import { formatTime } from './format.js';
import { t } from './i18n.js';
import { startPage } from './layout.js';
import { explain, requireStaff, say } from './staff-session.js';

const $ = (id) => document.getElementById(id);

// Whether the staff session is known good; a code scanned while the page still starts waits for it.
let signedIn = null;

async function checkIn(e) {
  e.preventDefault();
  const code = $('checkin-code').value.trim();
  if (!code) return;
  if (!signedIn || !(await signedIn)) return;
  try {
    const result = await api('/api/v1/check-in', { method: 'POST', body: { code } });
    const r = result.registration;
    const message = result.already
      ? t('checkin.already', { name: r.name, at: formatTime(r.checked_in_at) })
      : t('checkin.welcome', { name: r.name, type: t(`checkin.type_${r.type}`) });
    say($('checkin-result'), message, result.already ? '' : 'success');
    $('checkin-log').prepend(el('li', {}, `${formatTime(r.checked_in_at)} · ${r.code} · ${r.name}`));
  } catch (error) {
    say($('checkin-result'), error instanceof ApiError && error.code === 'conflict' ? t('checkin.refused', { detail: error.message })
      : explain(error), 'error');
  }
  $('checkin-code').value = '';
  $('checkin-code').focus();
}

// At once, before the page's texts and session are loaded: a scanner types the code and Enter as soon as the
// page shows, and that Enter must not reload the page and lose the code.
$('checkin-form').addEventListener('submit', checkIn);
startPage(async () => {
  signedIn = requireStaff();
  await signedIn;
});
