// Message catalogues per language (Traditional Chinese, Simplified Chinese, English) and the language switch.
export const LANGUAGES = [
  { code: 'zh-Hant', label: '繁體中文' },
  { code: 'zh-Hans', label: '简体中文' },
  { code: 'en', label: 'English' },
];
const STORAGE_KEY = 'openhall.lang';
let catalogue = {};
let current = 'zh-Hans';
const listeners = [];

export function detectLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.some((l) => l.code === saved)) return saved;
  for (const wanted of navigator.languages || [navigator.language || '']) {
    const tag = wanted.toLowerCase();
    if (/^zh-(hant|tw|hk|mo)/.test(tag)) return 'zh-Hant';
    if (tag.startsWith('zh')) return 'zh-Hans';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-Hans';
}

export function language() {
  return current;
}

// Loads the shared catalogue and the page's own ones (<body data-catalogues="staff">), then translates the page.
export async function setLanguage(code) {
  const extra = (document.body.dataset.catalogues || '').split(/\s+/).filter(Boolean);
  const names = ['site', ...extra];
  const parts = await Promise.all(
    names.map((name) => fetch(`/static/i18n/${name}.${code}.json`).then((r) => (r.ok ? r.json() : {}))),
  );
  catalogue = Object.assign({}, ...parts);
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  translate(document);
  listeners.forEach((fn) => fn(code));
}

export function onLanguageChange(fn) {
  listeners.push(fn);
}

// t('calendar.agenda_count', { n: 3 }) → "3 項議程"; a missing key shows the key, so gaps are visible.
export function t(key, vars = {}) {
  const text = catalogue[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export function translate(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = t(title.dataset.i18n);
}
