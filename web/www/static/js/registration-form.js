// The event page's registration: a seat at an open day (or on its waitlist), or an application to attend or
// speak at a hearing; and a hearing's lottery: the announced seed, then the drawn speakers.
import { ApiError, api } from './api.js';
import { clear, el } from './dom.js';
import { language, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const OPEN = ['scheduled', 'postponed'];

export function rememberRegistration(code) {
  const list = JSON.parse(localStorage.getItem('openhall.registrations') || '[]').filter((c) => c !== code);
  list.unshift(code);
  localStorage.setItem('openhall.registrations', JSON.stringify(list.slice(0, 50)));
}

function explain(error) {
  if (!(error instanceof ApiError)) return t('common.error_generic');
  const known = ['already_registered', 'registration_closed', 'rate_limited', 'invalid_input'];
  return known.includes(error.code) ? t(`register.error_${error.code}`, { detail: error.message }) : t('common.error_generic');
}

async function submit(event, e) {
  e.preventDefault();
  const status = $('register-status');
  const type = document.querySelector('#register-form input[name=type]:checked')?.value || 'attend';
  // The e-mails about this registration are written in the page's language.
  const body = { name: $('register-name').value.trim(), contact: $('register-contact').value.trim(), type, language: language() };
  if (type === 'speak') body.statement = $('register-statement').value.trim();
  if (!body.name || !body.contact) {
    status.className = 'status-line error';
    status.textContent = t('register.missing');
    return;
  }
  try {
    const created = await api(`/api/v1/events/${event.id}/registrations`, { method: 'POST', body });
    rememberRegistration(created.code);
    location.assign(`/registrations/${created.code}`);
  } catch (error) {
    // What was typed stays in the form.
    status.className = 'status-line error';
    status.textContent = explain(error);
  }
}

export async function showRegistration(event) {
  const hearing = event.kind === 'hearing';
  const takes = hearing || event.capacity != null;
  $('register-section').hidden = !takes || !OPEN.includes(event.status);
  $('register-type-field').hidden = !hearing;
  $('register-seats').textContent = hearing ? t('register.hearing_hint') : t('register.capacity', { n: event.capacity });
  const form = $('register-form');
  if (!form.dataset.ready) {
    form.dataset.ready = '1';
    form.addEventListener('submit', (e) => submit(event, e));
    form.addEventListener('change', () => {
      $('register-statement-field').hidden = document.querySelector('#register-form input[name=type]:checked')?.value !== 'speak';
    });
  }
  if (!hearing) return;
  try {
    const lottery = await api(`/api/v1/events/${event.id}/lottery`);
    $('lottery-section').hidden = !lottery.seed;
    $('lottery-seed').textContent = t('register.seed', { seed: lottery.seed });
    const list = clear($('lottery-drawn'));
    for (const r of lottery.drawn || [])
      list.append(el('li', {}, `${r.name} (${r.code})`, r.speaking_minutes ? ` · ${t('register.minutes', { n: r.speaking_minutes })}` : ''));
  } catch {
    $('lottery-section').hidden = true;  // no seed announced yet
  }
}
