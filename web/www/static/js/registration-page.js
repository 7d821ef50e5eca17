// One registration by its code: where it stands, the QR code to show at the door, and cancelling it.
import { api } from './api.js';
import { formatDateTime } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { startPage } from './layout.js';

const $ = (id) => document.getElementById(id);
const code = decodeURIComponent(location.pathname.split('/').pop());
const state = { registration: null, event: null };

function stateText(r) {
  if (r.status === 'waitlisted') return t('register.state_waitlisted', { n: r.waitlist_position });
  if (r.status === 'drawn' && r.speaking_order) return t('register.state_drawn_speaker', { n: r.speaking_order, minutes: r.speaking_minutes });
  if (r.checked_in_at) return t('register.state_checked_in', { at: formatDateTime(r.checked_in_at) });
  return t(`register.state_${r.status}`);
}

function render() {
  const r = state.registration;
  if (!r) return;
  $('registration-code').textContent = r.code;
  $('registration-name').textContent = r.name;
  $('registration-state').textContent = stateText(r);
  $('registration-state').dataset.status = r.status;
  if (state.event) {
    $('registration-event').textContent = state.event.title;
    $('registration-event').href = `/events/${state.event.id}`;
  }
  const admits = r.status === 'confirmed' || r.status === 'drawn';
  $('qr-figure').hidden = !admits;
  $('qr').src = `/api/v1/registrations/${encodeURIComponent(r.code)}/qr.svg`;
  $('qr').alt = t('register.qr_alt', { code: r.code });
  $('cancel-registration').hidden = r.status === 'cancelled' || r.status === 'not_drawn' || !['scheduled', 'postponed'].includes(state.event?.status);
}

async function cancel() {
  if (!window.confirm(t('register.cancel_confirm'))) return;
  try {
    state.registration = await api(`/api/v1/registrations/${encodeURIComponent(code)}`, { method: 'DELETE' });
  } catch {
    $('registration-state').textContent = t('common.error_generic');
    return;
  }
  render();
}

startPage(async () => {
  $('cancel-registration').addEventListener('click', cancel);
  try {
    state.registration = await api(`/api/v1/registrations/${encodeURIComponent(code)}`);
    state.event = await api(`/api/v1/events/${state.registration.event_id}`);
  } catch {
    $('registration-state').textContent = t('register.not_found');
    return;
  }
  render();
  onLanguageChange(render);
});
