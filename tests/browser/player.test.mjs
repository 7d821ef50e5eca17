// The event page plays the demo's live stream, and a replay opened with ?t=10 starts near ten seconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, staffApi, waitFor } from './harness.mjs';

const PASSWORD = 'player test secret';
const suite = browserSuite({ users: [['wang.fang', 'scheduler']], password: PASSWORD, serverArgs: ['--demo'] });

test('the live demo event plays and its time advances', async () => {
  const { events } = await (await fetch(`${suite.server.url}/api/v1/events?status=live`)).json();
  const demo = events.find((e) => e.kind === 'interview');
  assert.ok(demo, 'the demo has a live interview');
  await waitFor(async () => (await (await fetch(`${suite.server.url}${demo.url.replace('/events/', '/api/v1/events/')}`)).json()).stream.hls_url, 15000, 'the live playlist');
  const page = await newPage(suite.browser, { locale: 'en-US' });
  await page.goto(`${suite.server.url}${demo.url}`);
  await page.waitForSelector('#player-section:not([hidden])');
  assert.equal(await page.isVisible('#live-badge'), true);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 0.5, null, { timeout: 20000 });
  const first = await page.evaluate(() => document.getElementById('player').currentTime);
  await page.waitForTimeout(1500);
  const later = await page.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(later > first + 0.5, `currentTime advanced from ${first} to ${later}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a replay opened with ?t=10 starts near ten seconds, and its chapters seek', async () => {
  const api = await staffApi(suite.server.url, 'wang.fang', PASSWORD);
  const event = await api('POST', '/api/v1/events', {
    kind: 'press_conference', title: '回放测试', starts_at: '2026-11-25T09:00:00+08:00', ends_at: '2026-11-25T10:00:00+08:00',
  });
  const item = await api('POST', `/api/v1/events/${event.id}/agenda`, { title: '网友提问' });
  await api('PUT', `/api/v1/events/${event.id}/stream`, { source: 'test' });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
  const playlist = async () => (await fetch(`${suite.server.url}/media/${event.id}/index.m3u8`)).text();
  await waitFor(async () => ((await playlist()).match(/#EXTINF/g) || []).length >= 4, 20000, 'four seconds of recording');
  await api('POST', `/api/v1/events/${event.id}/agenda/${item.id}/mark`);
  await waitFor(async () => ((await playlist()).match(/#EXTINF/g) || []).length >= 25, 60000, 'about twenty seconds of recording');
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'ended' });
  await waitFor(async () => (await playlist()).includes('#EXT-X-ENDLIST'), 15000, 'the end tag');

  const page = await newPage(suite.browser, { locale: 'zh-CN' });
  await page.goto(`${suite.server.url}/events/${event.id}?t=10`);
  await page.waitForSelector('#player-section:not([hidden])');
  assert.equal(await page.isVisible('#live-badge'), false);
  await page.waitForFunction(() => {
    const v = document.getElementById('player');
    return v.currentTime >= 9.5 && !v.paused;
  }, null, { timeout: 20000 }).catch(async (error) => {
    const state = await page.evaluate(() => {
      const v = document.getElementById('player');
      return { currentTime: v.currentTime, paused: v.paused, readyState: v.readyState, error: v.error && v.error.message };
    });
    throw new Error(`${error.message}; player: ${JSON.stringify(state)}; problems: ${page.problems.join(' | ')}`);
  });
  const position = await page.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(position >= 9.5 && position < 14, `started at ${position}`);

  const chapter = page.locator('#chapters button', { hasText: '网友提问' });
  const offset = Number(await chapter.getAttribute('data-offset'));
  assert.ok(offset > 2 && offset < 8, `the mark sits at ${offset} s`);
  await chapter.click();
  await page.waitForFunction((o) => Math.abs(document.getElementById('player').currentTime - o) < 1.5, offset, { timeout: 10000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
