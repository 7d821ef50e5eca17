// Editors teach the suggested groups in the browser: on an event's work page a suggested group is made a topic
// with one question unticked; the next event's suggestions keep that question apart. (That the method alone
// still joins them there, and the "remembered" mark, are in tests/core/after_meeting/topic_decisions_test.cpp.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, signIn, staffApi } from './harness.mjs';

const PASSWORD = 'grouping test secret';
const suite = browserSuite({ users: [['zhou.min', 'scheduler'], ['chen.jie', 'editor']], password: PASSWORD });

async function eventWithRoomQuestions(title, texts) {
  const scheduler = await staffApi(suite.server.url, 'zhou.min', PASSWORD);
  const event = await scheduler('POST', '/api/v1/events', {
    kind: 'open_day', title, starts_at: '2026-12-08T09:00:00+08:00', ends_at: '2026-12-08T11:00:00+08:00',
  });
  await scheduler('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  await scheduler('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
  const ids = [];
  for (const text of texts) ids.push((await scheduler('POST', `/api/v1/events/${event.id}/questions`, { text })).id);
  return { event, ids };
}

test('a question unticked from a suggested group stays apart at the next event', async () => {
  const first = await eventWithRoomQuestions('开放日：水电气', ['停水前会提前通知吗？', '停电前会提前通知吗？', '图书馆周末开放吗？']);
  const editor = await newPage(suite.browser);
  await signIn(editor, suite.server.url, 'chen.jie', PASSWORD);
  await editor.goto(`${suite.server.url}/staff/events/${first.event.id}/workflow`);
  const card = '#groups li[data-group="0"]';
  await editor.waitForSelector(`${card} input[data-question="${first.ids[1]}"]`);
  assert.equal(await editor.locator(`${card} input[type=checkbox]`).count(), 2, 'the water and the power notice, suggested together');

  // Nothing ticked: refused with a message, nothing sent.
  await editor.uncheck(`${card} input[data-question="${first.ids[0]}"]`);
  await editor.uncheck(`${card} input[data-question="${first.ids[1]}"]`);
  await editor.click(`${card} button`);
  await editor.waitForFunction(() => /至少保留一个问题/.test(document.getElementById('work-status').textContent));

  await editor.check(`${card} input[data-question="${first.ids[0]}"]`);
  await editor.fill(`${card} input[maxlength]`, '停水通知');
  await editor.click(`${card} button`);
  await editor.waitForSelector('#topics li[data-topic-id]');
  assert.match(await editor.textContent('#topics li[data-topic-id]'), /停水通知/);
  assert.match(await editor.textContent('#loose'), /停电前会提前通知吗/, 'the unticked question is left on its own');

  // The next open day: the same two questions, typed in Traditional, are no longer suggested together.
  const next = await eventWithRoomQuestions('开放日：再谈水电气', ['停水前會提前通知嗎？', '停電前會提前通知嗎？']);
  const api = await staffApi(suite.server.url, 'chen.jie', PASSWORD);
  assert.deepEqual((await api('GET', `/api/v1/events/${next.event.id}/question-groups`)).groups, []);
  await editor.goto(`${suite.server.url}/staff/events/${next.event.id}/workflow`);
  await editor.waitForSelector('#groups li.empty');
  assert.deepEqual(editor.problems, []);
  await editor.context().close();
});
