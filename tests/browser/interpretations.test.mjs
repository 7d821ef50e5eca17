// After the meeting in the browser: a citizen asks during the stream; an editor drafts an answer from the event's
// work page and submits it; a reviewer approves; the editor publishes; the citizen's "my questions" shows the
// answer, its link opens the interpretation, and the moment link opens the replay where the question was asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, signIn, staffApi, waitFor } from './harness.mjs';

const PASSWORD = 'interpretations test secret';
const suite = browserSuite({
  users: [['zhou.min', 'scheduler'], ['li.na', 'moderator'], ['chen.jie', 'editor'], ['sun.li', 'reviewer']],
  password: PASSWORD,
});

test('drafted, submitted, approved and published; the asker follows the answer to the moment of the replay', async () => {
  const scheduler = await staffApi(suite.server.url, 'zhou.min', PASSWORD);
  const event = await scheduler('POST', '/api/v1/events', {
    kind: 'interview', title: '政务访谈：社区养老服务', starts_at: '2026-11-25T09:00:00+08:00', ends_at: '2026-11-25T10:00:00+08:00',
  });
  await scheduler('PUT', `/api/v1/events/${event.id}/stream`, { source: 'test' });
  await scheduler('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  await scheduler('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
  const playlist = async () => (await fetch(`${suite.server.url}/media/${event.id}/index.m3u8`)).text();
  await waitFor(async () => ((await playlist()).match(/#EXTINF/g) || []).length >= 6, 30000, 'six seconds of recording');

  // The citizen asks on a phone-sized page while the event is live.
  const citizen = await newPage(suite.browser);
  await citizen.setViewportSize({ width: 390, height: 844 });
  await citizen.goto(`${suite.server.url}/events/${event.id}`);
  await citizen.waitForSelector('#ask-form:not([hidden])');
  await citizen.fill('#ask-text', '社区食堂能否为高龄老人送餐上门？');
  await citizen.click('#ask-submit');
  await citizen.waitForFunction(() => document.querySelector('#ask-status .ticket')?.textContent);
  const moderator = await staffApi(suite.server.url, 'li.na', PASSWORD);
  const [question] = (await moderator('GET', `/api/v1/events/${event.id}/questions?status=pending`)).questions;
  assert.ok(question.media_offset_s > 0, 'the question knows where it is in the recording');
  await moderator('POST', `/api/v1/questions/${question.id}/moderation`, { action: 'approve' });
  await waitFor(async () => ((await playlist()).match(/#EXTINF/g) || []).length >= Math.ceil(question.media_offset_s) + 4, 30000,
    'recording past the question');
  await scheduler('POST', `/api/v1/events/${event.id}/status`, { status: 'ended' });
  await waitFor(async () => (await playlist()).includes('#EXT-X-ENDLIST'), 15000, 'the end tag');

  // The editor starts an interpretation from the event's work page, links the question with a short answer,
  // saves and submits it.
  const editor = await newPage(suite.browser);
  await signIn(editor, suite.server.url, 'chen.jie', PASSWORD);
  await editor.goto(`${suite.server.url}/staff/events/${event.id}/workflow`);
  await editor.waitForSelector('#new-interpretation:not([hidden])');
  await editor.click('#new-interpretation');
  await editor.waitForURL('**/staff/interpretations/*');
  const interpretationId = Number(editor.url().split('/').pop());
  await editor.waitForSelector(`#i-questions input[value="${question.id}"]`);
  await editor.fill('#i-title', '关于社区养老送餐服务的解读');
  await editor.fill('#i-body', '## 送餐上门\n\n明年起，**80岁以上**独居老人可预约送餐。');
  await editor.check(`#i-questions input[value="${question.id}"]`);
  await editor.fill(`#i-answers textarea[data-answer-for="${question.id}"]`, '明年起80岁以上独居老人可预约送餐上门。');
  await editor.click('#save');
  await editor.waitForFunction(() => document.getElementById('editor-versions').textContent.includes('2'));
  assert.match(await editor.innerHTML('#preview'), /<strong>80岁以上<\/strong>/);
  await editor.click('#status-actions button[data-to="in_review"]');
  await editor.waitForFunction(() => document.getElementById('editor-state').dataset.status === 'in_review');

  // The reviewer approves; the editor publishes.
  const reviewer = await newPage(suite.browser, { locale: 'zh-TW' });
  await signIn(reviewer, suite.server.url, 'sun.li', PASSWORD);
  await reviewer.goto(`${suite.server.url}/staff/interpretations/${interpretationId}`);
  await reviewer.waitForSelector('#review-panel:not([hidden])');
  await reviewer.fill('#review-comment', '同意發布。');
  await reviewer.click('#approve');
  await reviewer.waitForFunction(() => /已預審：2/.test(document.getElementById('editor-versions').textContent));
  await editor.reload();
  await editor.waitForSelector('#status-actions button[data-to="published"]');
  await editor.click('#status-actions button[data-to="published"]');
  await editor.waitForFunction(() => document.getElementById('editor-state').dataset.status === 'published');

  // The citizen's "my questions" shows the answer; its links open the interpretation and the replay moment.
  await citizen.goto(`${suite.server.url}/my-questions`);
  await citizen.waitForSelector('.answer');
  assert.match(await citizen.textContent('.answer'), /明年起80岁以上独居老人可预约送餐上门。/);
  await citizen.click('.answer a[href^="/interpretations/"]');
  await citizen.waitForURL(`**/interpretations/${interpretationId}`);
  await citizen.waitForFunction(() => document.getElementById('title').textContent === '关于社区养老送餐服务的解读');
  assert.match(await citizen.innerHTML('#body'), /<strong>80岁以上<\/strong>/);
  await citizen.goto(`${suite.server.url}/my-questions`);
  await citizen.waitForSelector('.answer a[href*="?t="]');
  const expected = Math.floor(question.media_offset_s);
  await citizen.click('.answer a[href*="?t="]');
  await citizen.waitForURL(`**/events/${event.id}?t=${expected}`);
  await citizen.waitForFunction((t) => {
    const v = document.getElementById('player');
    return v.currentTime >= t - 0.5 && !v.paused;
  }, expected, { timeout: 20000 });

  // The public list and search find it.
  await citizen.goto(`${suite.server.url}/interpretations?q=${encodeURIComponent('送餐')}`);
  await citizen.waitForSelector('#search-results li[data-kind="interpretation"]');
  assert.match(await citizen.textContent('#interpretations'), /关于社区养老送餐服务的解读/);

  for (const page of [citizen, editor, reviewer]) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
