// Registration in the browser: a citizen registers for an open day on a phone-sized page, lands on the
// registration page with the QR code; at the door, staff check the code in once; a second citizen goes on the
// waitlist and moves up when the first cancels.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserSuite, newPage, signIn, staffApi } from './harness.mjs';

const PASSWORD = 'registration test secret';
// The server's clock stands before the open days (which close registration when they start).
const suite = browserSuite({
  users: [['wu.gang', 'scheduler']],
  password: PASSWORD,
  prepare: (dir) => writeFileSync(join(dir, 'clock.txt'), '2026-12-01T09:00:00+08:00\n'),
  serverArgs: (dir) => ['--clock-file', join(dir, 'clock.txt')],
});

test('register for an open day, show the QR code, be checked in once; the waitlist moves up on a cancellation', async () => {
  const api = await staffApi(suite.server.url, 'wu.gang', PASSWORD);
  const event = await api('POST', '/api/v1/events', {
    kind: 'open_day', title: '政府开放日：走进县消防救援大队', starts_at: '2026-12-19T09:00:00+08:00',
    ends_at: '2026-12-19T11:00:00+08:00', capacity: 1,
  });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });

  const citizen = await newPage(suite.browser);
  await citizen.setViewportSize({ width: 390, height: 844 });
  await citizen.goto(`${suite.server.url}/events/${event.id}`);
  await citizen.waitForSelector('#register-section:not([hidden])');
  await citizen.fill('#register-name', '周小燕');
  await citizen.fill('#register-contact', 'zhou@example.org');
  await citizen.click('#register-submit');
  await citizen.waitForURL('**/registrations/*');
  await citizen.waitForFunction(() => document.getElementById('registration-state').dataset.status === 'confirmed');
  const code = await citizen.textContent('#registration-code');
  assert.match(code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  await citizen.waitForFunction(() => {
    const img = document.getElementById('qr');
    return !document.getElementById('qr-figure').hidden && img.complete && img.naturalWidth > 0;
  });

  // A second citizen gets the waitlist, in Traditional Chinese.
  const second = await newPage(suite.browser, { locale: 'zh-TW' });
  await second.goto(`${suite.server.url}/events/${event.id}`);
  await second.waitForSelector('#register-section:not([hidden])');
  await second.fill('#register-name', '林先生');
  await second.fill('#register-contact', '+886 912 345 678');
  await second.click('#register-submit');
  await second.waitForURL('**/registrations/*');
  await second.waitForFunction(() => /候補第 1 位/.test(document.getElementById('registration-state').textContent));
  assert.equal(await second.isVisible('#qr-figure'), false, 'no QR code without a seat');

  // The same contact again is refused with a clear message, and the form keeps what was typed.
  const again = await newPage(suite.browser);
  await again.goto(`${suite.server.url}/events/${event.id}`);
  await again.waitForSelector('#register-section:not([hidden])');
  await again.fill('#register-name', '周小燕');
  await again.fill('#register-contact', 'zhou@example.org');
  await again.click('#register-submit');
  await again.waitForFunction(() => /已报名/.test(document.getElementById('register-status').textContent));
  assert.equal(await again.inputValue('#register-name'), '周小燕');

  // At the door.
  const door = await newPage(suite.browser);
  await signIn(door, suite.server.url, 'wu.gang', PASSWORD);
  await door.goto(`${suite.server.url}/staff/check-in`);
  await door.fill('#checkin-code', `${suite.server.url}/registrations/${code}`);  // what a scanner types from the QR code
  await door.press('#checkin-code', 'Enter');
  await door.waitForFunction(() => /欢迎，周小燕/.test(document.getElementById('checkin-result').textContent));
  await door.fill('#checkin-code', code.toLowerCase());
  await door.press('#checkin-code', 'Enter');
  await door.waitForFunction(() => /已于 .* 签到过/.test(document.getElementById('checkin-result').textContent));

  // On another open day, the first citizen gives the seat back from the registration page; the waitlist moves up.
  const other = await api('POST', `/api/v1/events`, {
    kind: 'open_day', title: '开放日：档案馆', starts_at: '2026-12-20T09:00:00+08:00', ends_at: '2026-12-20T11:00:00+08:00', capacity: 1,
  });
  await api('POST', `/api/v1/events/${other.id}/status`, { status: 'scheduled' });
  await citizen.goto(`${suite.server.url}/events/${other.id}`);
  await citizen.waitForSelector('#register-section:not([hidden])');
  await citizen.fill('#register-name', '周小燕');
  await citizen.fill('#register-contact', 'zhou@example.org');
  await citizen.click('#register-submit');
  await citizen.waitForURL('**/registrations/*');
  const firstSeat = await citizen.textContent('#registration-code');
  const waiting = await (await fetch(`${suite.server.url}/api/v1/events/${other.id}/registrations`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: '林先生', contact: 'lin@example.org' }),
  })).json();
  assert.equal(waiting.status, 'waitlisted');
  citizen.once('dialog', (dialog) => dialog.accept());
  await citizen.click('#cancel-registration');
  await citizen.waitForFunction(() => document.getElementById('registration-state').dataset.status === 'cancelled');
  const promoted = await (await fetch(`${suite.server.url}/api/v1/registrations/${waiting.code}`)).json();
  assert.equal(promoted.status, 'confirmed');
  assert.notEqual(firstSeat, waiting.code);

  for (const page of [citizen, second, again, door]) {
    assert.deepEqual(page.problems.filter((p) => !/409/.test(p)), []);
    await page.context().close();
  }
});
