// Live questions in the browser: a citizen asks; the moderator console approves it with one key; a third
// viewer sees it appear with its vote count; the citizen's "my questions" shows where it stands; a question that
// looks like one asked before is marked in the console and merged with one key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, signIn, staffApi } from './harness.mjs';

const PASSWORD = 'questions test secret';
const suite = browserSuite({ users: [['wang.fang', 'scheduler'], ['li.na', 'moderator']], password: PASSWORD });

async function liveEvent() {
  const api = await staffApi(suite.server.url, 'wang.fang', PASSWORD);
  const event = await api('POST', '/api/v1/events', {
    kind: 'interview', title: '在线访谈：老旧小区改造', starts_at: '2026-11-25T09:00:00+08:00', ends_at: '2026-11-25T10:00:00+08:00',
  });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
  return event;
}

async function openConsole(event) {
  const console = await newPage(suite.browser);
  await signIn(console, suite.server.url, 'li.na', PASSWORD);
  await console.goto(`${suite.server.url}/staff/events/${event.id}/moderation`);
  return console;
}

test('a question asked on one page is approved in the console and appears on another with its votes', async () => {
  const event = await liveEvent();
  const citizen = await newPage(suite.browser);
  await citizen.goto(`${suite.server.url}/events/${event.id}`);
  await citizen.waitForSelector('#ask-form:not([hidden])');
  const viewer = await newPage(suite.browser, { locale: 'en-US' });
  await viewer.goto(`${suite.server.url}/events/${event.id}`);
  await viewer.waitForFunction(() => /watching/.test(document.getElementById('viewer-count').textContent));

  await citizen.fill('#ask-text', '加装电梯的补贴怎么申请？');
  await citizen.fill('#ask-name', '陈阿姨');
  await citizen.click('#ask-submit');
  const ticket = await citizen.waitForFunction(() => document.querySelector('#ask-status .ticket')?.textContent);
  assert.match(await ticket.jsonValue(), /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  assert.equal(await citizen.inputValue('#ask-text'), '', 'the box is cleared once the question is acknowledged');

  // The moderator signs in and approves it from the queue with one key.
  const console = await openConsole(event);
  // The console redraws its lists as counts change: act through selectors, which are looked up at each step.
  await console.waitForSelector('#pending-queue li[data-question-id]');
  assert.match(await console.textContent('#pending-queue li[data-question-id] .question-text'), /加装电梯的补贴怎么申请？/);
  assert.equal(await console.textContent('#count-pending'), '1');
  await console.click('#pending-queue li[data-question-id] .question-text');
  await console.waitForSelector('#pending-queue li[aria-selected="true"]');
  await console.keyboard.press('a');
  await console.waitForSelector('#published-queue li[data-question-id]');
  assert.equal(await console.textContent('#count-pending'), '0');

  // The other viewer sees it appear, and the vote the citizen casts.
  await viewer.waitForSelector('#live-questions li[data-question-id]');
  assert.match(await viewer.textContent('#live-questions li[data-question-id] .question-text'), /加装电梯的补贴怎么申请？/);
  assert.match(await viewer.textContent('#live-questions li[data-question-id] .vote'), /▲ 0/);
  await citizen.waitForSelector('#live-questions li[data-question-id] .vote');
  await citizen.click('#live-questions li[data-question-id] .vote');
  await viewer.waitForFunction(() => /▲ 1/.test(document.querySelector('#live-questions li[data-question-id] .vote').textContent));
  assert.equal(await citizen.getAttribute('#live-questions li[data-question-id] .vote', 'aria-pressed'), 'true');

  // Pinning from the console reaches the viewers too.
  await console.click('#published-queue li[data-question-id] [data-action="pin"]');
  await viewer.waitForSelector('#live-questions li.pinned');

  // "My questions" on the citizen's browser shows the ticket, now published.
  await citizen.goto(`${suite.server.url}/my-questions`);
  await citizen.waitForFunction((t) => document.querySelector(`[data-ticket="${t}"] .badge`)?.textContent === '已公开', await ticket.jsonValue());
  for (const page of [citizen, viewer, console]) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('the question box says when asking is closed, and a typed ticket can be looked up', async () => {
  const api = await staffApi(suite.server.url, 'wang.fang', PASSWORD);
  const event = await api('POST', '/api/v1/events', {
    kind: 'hearing', title: '价格听证会', starts_at: '2026-12-01T09:00:00+08:00', ends_at: '2026-12-01T11:00:00+08:00',
  });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  const page = await newPage(suite.browser, { locale: 'zh-TW' });
  await page.goto(`${suite.server.url}/events/${event.id}`);
  await page.waitForSelector('#ask-closed:not([hidden])');
  assert.equal(await page.isVisible('#ask-form'), false);
  assert.match(await page.textContent('#ask-closed'), /直播期間開放提問/);
  // It opens when the event goes live, without a reload.
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
  await page.waitForSelector('#ask-form:not([hidden])');

  await page.goto(`${suite.server.url}/my-questions`);
  await page.fill('#lookup-ticket', 'ZZZZ-ZZZZ');
  await page.click('#lookup-form button[type=submit]');
  await page.waitForFunction(() => /找不到/.test(document.getElementById('mine-status').textContent));
  assert.deepEqual(page.problems.filter((p) => !/404/.test(p)), []);
  await page.context().close();
});

test('a question that looks like one already asked is marked in the console and merged with one key', async () => {
  const event = await liveEvent();
  const citizen = await newPage(suite.browser);
  await citizen.goto(`${suite.server.url}/events/${event.id}`);
  await citizen.waitForSelector('#ask-form:not([hidden])');
  let lastTicket = '';
  for (const text of ['小区什么时候通天然气？', '燃氣管道哪天能接到我們小區？']) {
    await citizen.fill('#ask-text', text);
    await citizen.click('#ask-submit');
    await citizen.waitForFunction((before) => {
      const ticket = document.querySelector('#ask-status .ticket')?.textContent;
      return ticket && ticket !== before;
    }, lastTicket);
    lastTicket = await citizen.textContent('#ask-status .ticket');
  }

  const console = await openConsole(event);
  await console.waitForFunction(() => document.querySelectorAll('#pending-queue li[data-question-id]').length === 2);
  const first = await console.getAttribute('#pending-queue li[data-question-id]:not(:has(.look-alike))', 'data-question-id');
  const marked = '#pending-queue li[data-question-id]:has(.look-alike)';
  assert.equal(await console.textContent(`${marked} .look-alike .badge`), `像 #${first}：小区什么时候通天然气？`);
  assert.match(await console.textContent(`${marked} .question-text`), /燃氣管道/);

  // Selected, M merges it into the question it looks like: one question is left waiting.
  await console.click(`${marked} .question-text`);
  await console.waitForSelector('#pending-queue li[aria-selected="true"]:has(.look-alike)');
  await console.keyboard.press('m');
  await console.waitForFunction(() => document.getElementById('count-pending').textContent === '1');
  assert.equal(await console.getAttribute('#pending-queue li[data-question-id]', 'data-question-id'), first);
  assert.equal(await console.isVisible('.look-alike'), false);
  for (const page of [citizen, console]) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
