// Staff sign-in: on success the CSRF token is kept for this tab and the scheduling page opens.
import { api, rememberCsrf } from './api.js';
import { t } from './i18n.js';
import { startPage } from './layout.js';

startPage(async () => {
  const form = document.getElementById('login-form');
  const status = document.getElementById('login-status');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.className = 'status-line';
    status.textContent = '';
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      status.className = 'status-line error';
      status.textContent = t('staff.fill_both');
      return;
    }
    try {
      const session = await api('/api/v1/session', { method: 'POST', body: { username, password } });
      rememberCsrf(session.csrf_token);
      location.assign('/staff');
    } catch (error) {
      status.className = 'status-line error';
      status.textContent = error.code === 'rate_limited' ? t('staff.rate_limited')
        : error.status === 401 ? t('staff.wrong_credentials') : t('common.error_generic');
      form.password.value = '';
      form.password.focus();
    }
  });
});
