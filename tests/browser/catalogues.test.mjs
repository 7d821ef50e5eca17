// Every user-visible string exists in Traditional Chinese, Simplified Chinese and English.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const LANGS = ['zh-Hant', 'zh-Hans', 'en'];
const FOLDERS = [`${root}web/www`, `${root}admin/www`];

function catalogue(name, lang) {
  for (const folder of FOLDERS) {
    try { return JSON.parse(readFileSync(`${folder}/static/i18n/${name}.${lang}.json`, 'utf8')); } catch { /* next */ }
  }
  throw new Error(`no catalogue ${name}.${lang}`);
}

function filesUnder(folder, ext) {
  return readdirSync(folder, { recursive: true }).filter((f) => f.endsWith(ext)).map((f) => `${folder}/${f}`);
}

test('each catalogue has the same keys in every language, none empty', () => {
  for (const name of ['site', 'staff']) {
    const [first, ...rest] = LANGS.map((lang) => catalogue(name, lang));
    for (const other of rest) assert.deepEqual(Object.keys(other).sort(), Object.keys(first).sort(), name);
    for (const lang of LANGS) for (const [key, text] of Object.entries(catalogue(name, lang))) assert.ok(text.trim(), `${name}.${lang}: ${key}`);
  }
});

test('every key the pages use is in a catalogue', () => {
  const known = new Set(LANGS.flatMap(() => ['site', 'staff'].flatMap((n) => Object.keys(catalogue(n, 'en')))));
  const used = new Set();
  for (const folder of FOLDERS) {
    for (const file of [...filesUnder(folder, '.html'), ...filesUnder(folder, '.js')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/data-i18n(?:-[a-z-]+)?="([a-z_]+\.[a-z_]+)"/g)) used.add(m[1]);
      for (const m of text.matchAll(/['"`]((?:common|calendar|event|staff|role|kind|status|questions|mine|moderation)\.[a-z_]+)['"`]/g)) used.add(m[1]);
    }
  }
  const missing = [...used].filter((k) => !known.has(k));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 50, `found ${used.size} keys in the pages`);
});

test('no page has inline scripts or styles (the CSP forbids them)', () => {
  for (const folder of FOLDERS) {
    for (const file of filesUnder(folder, '.html')) {
      const html = readFileSync(file, 'utf8');
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, file);
      assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/, file);
    }
  }
});
