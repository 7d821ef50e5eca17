// What the after-meeting staff pages share: the signed-in user (or the way to the sign-in page), errors in the
// reader's language, and the status line.
import { ApiError, api, rememberCsrf } from './api.js';
import { t } from './i18n.js';

export async function requireStaff() {
  try {
    const session = await api('/api/v1/session');
    rememberCsrf(session.csrf_token);
    return session.user;
  } catch {
    location.assign('/staff/login');
    return null;
  }
}

const KNOWN = {
  invalid_input: 'work.error_invalid', invalid_json: 'work.error_invalid', illegal_transition: 'work.error_transition',
  conflict: 'work.error_conflict', forbidden: 'staff.error_forbidden', csrf_token_missing: 'staff.error_session',
  not_found: 'staff.error_not_found',
};

// The server's message names the field or the state; it is shown after the sentence in the reader's language.
export function explain(error) {
  if (!(error instanceof ApiError)) return t('common.error_generic');
  if (error.status === 401) {
    location.assign('/staff/login');
    return '';
  }
  return KNOWN[error.code] ? `${t(KNOWN[error.code])} (${error.message})` : t('staff.error_other', { detail: error.message });
}

export function say(node, message, kind = '') {
  node.className = `status-line ${kind}`;
  node.textContent = message;
}

// A staff action on a page: run `work` (a request), then reload and redraw the page and say `done` in the status
// line `statusNode`; a failure is explained there instead and the page stays as it was.
export function actionRunner(statusNode, { load, render, explainError = explain }) {
  return async (work, done) => {
    try {
      await work();
      await load();
      render();
      say(statusNode, done, 'success');
    } catch (error) {
      say(statusNode, explainError(error), 'error');
    }
  };
}

// A page's status line `elementId` with its own catalogue: say(message, kind), and explain(error) with the page's
// keys (`${prefix}.error_${code}`), falling back to the server's words; 401 goes to the sign-in page.
export function statusLine(elementId, prefix) {
  const explainHere = (error) => {
    if (error instanceof ApiError && error.status === 401) {
      location.assign('/staff/login');
      return '';
    }
    const key = `${prefix}.error_${error.code || 'other'}`;
    const text = t(key);
    return text === key ? t('staff.error_other', { detail: error.message }) : text;
  };
  return { say: (message, kind = '') => say(document.getElementById(elementId), message, kind), explain: explainHere };
}
