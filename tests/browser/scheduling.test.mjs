// A scheduler signs in, creates an event with an agenda item, schedules it, and the public calendar shows it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage } from './harness.mjs';

const PASSWORD = 'browser test secret';
const suite = browserSuite({ users: [['zhang.wei', 'scheduler'], ['li.na', 'moderator']], password: PASSWORD, expectCleanExit: true });

async function signIn(page, name) {
  await page.goto(`${suite.server.url}/staff`);
  await page.waitForURL('**/staff/login');
  await page.fill('#username', name);
  await page.fill('#password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL('**/staff');
  await page.waitForSelector('#who:not(:empty)');
  // The 401 of the session check before signing in is expected; count problems from here on.
  page.problems.length = 0;
}

test('a wrong password is refused with a message and no session', async () => {
  const page = await newPage(suite.browser, { locale: 'en-US' });
  await page.goto(`${suite.server.url}/staff/login`);
  await page.fill('#username', 'zhang.wei');
  await page.fill('#password', 'not the password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-status.error');
  assert.equal(await page.textContent('#login-status'), 'Wrong user name or password.');
  assert.match(page.url(), /\/staff\/login$/);
  await page.context().close();
});

test('a scheduler creates, fills and schedules an event that then appears on the public calendar', async () => {
  const page = await newPage(suite.browser, { locale: 'zh-CN' });
  await signIn(page, 'zhang.wei');

  await page.click('#new-event');
  await page.selectOption('#f-kind', 'hearing');
  await page.fill('#f-title', '城区居民生活用水价格调整听证会');
  await page.fill('#f-description', '公开听取消费者、经营者和专家学者的意见。');
  await page.fill('#f-venue', '县政务服务中心三楼会议室');
  await page.fill('#f-starts', '2026-12-20T14:30');
  await page.fill('#f-ends', '2026-12-20T17:00');
  await page.fill('#f-capacity', '25');
  await page.click('#event-submit');
  await page.waitForSelector('#staff-status.success');
  assert.equal(await page.textContent('#current-status'), '草稿');

  await page.fill('#a-title', '调价方案说明（方案一、方案二）');
  await page.fill('#a-unit', '县自来水公司');
  await page.click('#agenda-submit');
  await page.waitForSelector('#agenda-editor li:has-text("调价方案说明")');

  await page.click('#status-actions button[data-status="scheduled"]');
  await page.waitForFunction(() => document.getElementById('current-status').textContent === '已排定');
  await page.screenshot({ path: 'test-results/staff-scheduling.png', fullPage: true }).catch(() => {});

  const visitor = await newPage(suite.browser, { locale: 'zh-CN' });
  await visitor.goto(suite.server.url);
  const card = visitor.locator('#upcoming-events li', { hasText: '城区居民生活用水价格调整听证会' });
  await card.waitFor();
  assert.match(await card.textContent(), /听证会/);
  assert.match(await card.textContent(), /14:30–17:00/);
  await card.locator('a').click();
  await visitor.waitForSelector('#event:not([hidden])');
  assert.equal(await visitor.textContent('#event-title'), '城区居民生活用水价格调整听证会');
  assert.match(await visitor.textContent('#event-agenda'), /县自来水公司/);
  assert.deepEqual(page.problems, [], 'no console errors on the staff page');
  assert.deepEqual(visitor.problems, [], 'no console errors on the public pages');
  await page.context().close();
  await visitor.context().close();
});

test('a scheduler sets the stream source, takes the event live and watches the pipeline health', async () => {
  const page = await newPage(suite.browser, { locale: 'en-US' });
  await signIn(page, 'zhang.wei');
  await page.click('#new-event');
  await page.selectOption('#f-kind', 'interview');
  await page.fill('#f-title', 'Online interview: the new bus routes');
  await page.fill('#f-starts', '2026-12-21T10:00');
  await page.fill('#f-ends', '2026-12-21T11:00');
  await page.click('#event-submit');
  await page.waitForSelector('#staff-status.success');
  assert.equal(await page.textContent('#stream-health'), 'The event is not live; the stream is not running.');

  // An SRT source shows where the encoder connects; the address field is only for cameras and files.
  await page.selectOption('#s-source', 'srt');
  assert.equal(await page.isHidden('#stream-url-label'), true);
  await page.click('#stream-submit');
  await page.waitForSelector('#stream-ingest:not([hidden])');
  assert.match(await page.textContent('#stream-ingest-url'), /^srt:\/\/.+passphrase=.{16}&pbkeylen=16$/);
  await page.selectOption('#s-source', 'test');
  await page.click('#stream-submit');
  await page.waitForSelector('#stream-ingest[hidden]', { state: 'attached' });
  // A sign-language interpreter's input has its own address and passphrase, whatever the source is.
  await page.check('#s-interpreter');
  await page.click('#stream-submit');
  await page.waitForSelector('#stream-interpreter-ingest:not([hidden])');
  assert.match(await page.textContent('#stream-interpreter-ingest-url'), /^srt:\/\/.+passphrase=.{16}&pbkeylen=16$/);
  assert.equal(await page.isHidden('#stream-ingest'), true);
  assert.equal(await page.isChecked('#s-interpreter'), true);
  await page.uncheck('#s-interpreter');
  await page.click('#stream-submit');
  await page.waitForSelector('#stream-interpreter-ingest[hidden]', { state: 'attached' });

  await page.click('#status-actions button[data-status="scheduled"]');
  await page.waitForSelector('#status-actions button[data-status="live"]');
  await page.click('#status-actions button[data-status="live"]');
  const state = '#stream-health dd[data-field="staff.stream_state"]';
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent === 'Receiving', state, { timeout: 15000 });
  const frames = async () => Number((await page.textContent('#stream-health dd[data-field="staff.stream_frames"]')).replace(/,/g, ''));
  const first = await frames();
  await page.waitForFunction((before) => Number(document.querySelector('#stream-health dd[data-field="staff.stream_frames"]').textContent.replace(/,/g, '')) > before, first, { timeout: 10000 });
  assert.match(await page.textContent('#stream-health dd[data-field="staff.stream_transcoding"]'), /^Yes$/);
  await page.click('#status-actions button[data-status="ended"]');
  await page.waitForFunction(() => document.getElementById('current-status').textContent === 'Ended');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the language switch changes the page and is remembered', async () => {
  const page = await newPage(suite.browser, { locale: 'zh-CN' });
  await page.goto(suite.server.url);
  await page.waitForSelector('h1:not(:empty)');
  assert.equal(await page.textContent('h1'), '活动日历');
  await page.selectOption('#lang-switch', 'en');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Events calendar');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.selectOption('#lang-switch', 'zh-Hant');
  await page.waitForFunction(() => document.querySelector('h1').textContent === '活動日曆');
  assert.equal(await page.textContent('#kind-filter option[value="hearing"]'), '聽證會');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('h1').textContent === '活動日曆');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a moderator sees the schedule read-only', async () => {
  const page = await newPage(suite.browser, { locale: 'en-US' });
  await signIn(page, 'li.na');
  assert.equal(await page.isHidden('#new-event'), true);
  assert.equal(await page.textContent('#staff-status'), 'Your role can view events but not change them.');
  assert.equal(await page.isDisabled('#f-title'), true);
  await page.context().close();
});
