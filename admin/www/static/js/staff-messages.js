// What a staff page says in its status line: a message of its own, or an API error explained with the page's
// catalogue keys (`${prefix}.error_${code}`), falling back to the server's words; 401 goes to the sign-in page.
import { ApiError } from './api.js';
import { t } from './i18n.js';

export function statusLine(elementId, prefix) {
  const say = (message, kind = '') => {
    const line = document.getElementById(elementId);
    line.className = `status-line ${kind}`;
    line.textContent = message;
  };
  const explain = (error) => {
    if (error instanceof ApiError && error.status === 401) {
      location.assign('/staff/login');
      return '';
    }
    const key = `${prefix}.error_${error.code || 'other'}`;
    const text = t(key);
    return text === key ? t('staff.error_other', { detail: error.message }) : text;
  };
  return { say, explain };
}
