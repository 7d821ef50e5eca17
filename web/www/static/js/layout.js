// The header every page shares: brand, navigation and the language switch; then the page's own start-up.
import { el } from './dom.js';
import { LANGUAGES, detectLanguage, language, setLanguage } from './i18n.js';

// Every form here is sent by its page's script. One submitted before the script has attached its handler (Enter
// while the page still loads its texts or session) must not reload the page and lose what was typed.
document.addEventListener('submit', (e) => e.preventDefault());

function header() {
  const select = el('select', { id: 'lang-switch', 'data-i18n-aria-label': 'common.language' },
    LANGUAGES.map((l) => el('option', { value: l.code, lang: l.code }, l.label)));
  select.addEventListener('change', () => setLanguage(select.value));
  return el('div', { class: 'header-inner' },
    el('a', { class: 'brand', href: '/', 'data-i18n': 'common.brand' }),
    el('nav', { 'data-i18n-aria-label': 'common.main_nav' },
      el('a', { href: '/', 'data-i18n': 'common.nav_calendar' }),
      el('a', { href: '/interpretations', 'data-i18n': 'common.nav_interpretations' }),
      el('a', { href: '/my-questions', 'data-i18n': 'common.nav_my_questions' }),
      el('a', { href: '/staff', 'data-i18n': 'common.nav_staff' })),
    el('label', { class: 'lang' }, el('span', { class: 'visually-hidden', 'data-i18n': 'common.language' }), select));
}

export async function startPage(init) {
  document.getElementById('site-header').append(header());
  await setLanguage(detectLanguage());
  document.getElementById('lang-switch').value = language();
  await init();
}
