// Accessibility (issue 17): axe-core's WCAG 2 A and AA rules on every public page, the caption console and the
// transcript editor, with no serious or critical violation. axe is served from the page's own origin through a
// route, since the pages' CSP (script-src 'self') refuses inline scripts and the harness counts CSP violations as
// problems.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { browserSuite, newPage, signIn, staffApi } from './harness.mjs';

const PASSWORD = 'accessibility test secret';
const suite = browserSuite({ users: [['wang.fang', 'scheduler'], ['zhao.min', 'captioner']], password: PASSWORD, serverArgs: ['--demo'] });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The serious and critical violations of WCAG 2 A and AA on the page as it is now, as "rule: selector" lines.
async function violations(page) {
  await page.route('**/__axe.js', (route) => route.fulfill({ contentType: 'text/javascript', body: AXE }));
  await page.addScriptTag({ url: '/__axe.js' });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  assert.ok(result.passes.length > 10, `axe checked ${result.passes.length} rules on ${page.url()}`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

test('every public page, the caption console and the transcript editor have no serious or critical WCAG 2 AA violation', async () => {
  const { events } = await (await fetch(`${suite.server.url}/api/v1/events`)).json();
  const live = events.find((e) => e.status === 'live');
  const ended = events.find((e) => e.status === 'ended');
  const { interpretations } = await (await fetch(`${suite.server.url}/api/v1/interpretations`)).json();
  const pages = ['/', '/my-questions', '/interpretations', live.url, ended.url];
  if (interpretations.length) pages.push(interpretations[0].url);
  const found = [];
  for (const locale of ['zh-CN', 'en-US']) {
    for (const path of pages) {
      const page = await newPage(suite.browser, { locale });
      await page.goto(`${suite.server.url}${path}`);
      await page.waitForLoadState('networkidle');
      for (const v of await violations(page)) found.push(`${locale} ${path} ${v}`);
      await page.context().close();
    }
  }
  const console = await newPage(suite.browser);
  await signIn(console, suite.server.url, 'zhao.min', PASSWORD);
  await console.goto(`${suite.server.url}/staff/events/${live.id}/captions`);
  await console.waitForFunction(() => document.getElementById('console-title').textContent.includes('：'));
  for (const v of await violations(console)) found.push(`caption console ${v}`);
  await console.goto(`${suite.server.url}/staff/events/${ended.id}/transcript`);
  await console.waitForFunction(() => document.getElementById('transcript-title').textContent.includes('：'));
  for (const v of await violations(console)) found.push(`transcript editor ${v}`);
  await console.context().close();
  assert.deepEqual(found, []);
});

// Presses Tab until the focused element matches `selector` (at most `limit` times); fails when it never does.
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; ++i) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector} on ${page.url()}`);
}

test('with the keyboard alone: from the calendar to the live event, a question asked, captions turned off and on', async () => {
  const { events } = await (await fetch(`${suite.server.url}/api/v1/events?status=live`)).json();
  const live = events[0];
  const page = await newPage(suite.browser, { locale: 'en-US' });
  await page.goto(`${suite.server.url}/`);
  await page.waitForSelector(`a[href="${live.url}"]`);
  await tabTo(page, `a[href="${live.url}"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**${live.url}`);
  await page.waitForSelector('#ask-form:not([hidden])');
  await tabTo(page, '#ask-text');
  await page.keyboard.type('What time does the water plant open to visitors?');
  await tabTo(page, '#ask-submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ask-status .ticket');
  await page.waitForSelector('#captions:not([hidden])');
  // Back up to the captions' controls (they come before the questions).
  for (let i = 0; i < 80 && !(await page.evaluate(() => document.activeElement?.id === 'captions-toggle')); ++i)
    await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'captions-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#captions-toggle', 'aria-pressed'), 'false');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#captions-toggle', 'aria-pressed'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'captions-size');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
