// Invitations in the browser: a scheduler invites a representative from the ranked suggestions; the invitee opens
// the RSVP link, sees the meeting and the agenda item, and accepts; the scheduler sees the answer and records
// the attendance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, signIn, staffApi } from './harness.mjs';

const PASSWORD = 'invitations test secret';
const suite = browserSuite({ users: [['he.ping', 'scheduler']], password: PASSWORD });

test('invite from the suggestions, the invitee accepts through the link, attendance is recorded', async () => {
  const api = await staffApi(suite.server.url, 'he.ping', PASSWORD);
  const event = await api('POST', '/api/v1/events', {
    kind: 'standing_meeting', title: '县人民政府第34次常务会议（开门纳谏）', venue: '县政府一号会议室',
    starts_at: '2027-01-12T09:00:00+08:00', ends_at: '2027-01-12T11:00:00+08:00',
  });
  const item = await api('POST', `/api/v1/events/${event.id}/agenda`, { title: '城区停车收费标准调整方案', reporting_unit: '县发展和改革局' });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  await api('POST', '/api/v1/invitees', { name: '陈淑芬', category: '群众代表', affiliation: '东门社区', contact: 'chen@example.org' });

  const staff = await newPage(suite.browser);
  await signIn(staff, suite.server.url, 'he.ping', PASSWORD);
  await staff.goto(`${suite.server.url}/staff/events/${event.id}/invitations`);
  await staff.waitForSelector('#candidates li[data-invitee-id]');
  await staff.selectOption('#suggest-item', String(item.id));
  await staff.click('#candidates li[data-invitee-id] button');
  await staff.waitForSelector('#invited li[data-status="invited"]');
  const rsvpUrl = await staff.getAttribute('#invited li[data-status="invited"] a', 'href');
  assert.match(rsvpUrl, /\/rsvp\/[A-Za-z0-9_-]{43}$/);

  // The invitee, on a phone, in Traditional Chinese.
  const invitee = await newPage(suite.browser, { locale: 'zh-TW' });
  await invitee.setViewportSize({ width: 390, height: 844 });
  await invitee.goto(rsvpUrl);
  await invitee.waitForFunction(() => document.getElementById('rsvp-title').textContent.includes('第34次常務會議') ||
    document.getElementById('rsvp-title').textContent.includes('第34次常务会议'));
  assert.match(await invitee.textContent('#rsvp-greeting'), /陈淑芬您好/);
  assert.match(await invitee.textContent('#rsvp-agenda'), /城区停车收费标准调整方案 · 邀請您列席的議題/);
  await invitee.fill('#rsvp-note', '需要无障碍通道');
  await invitee.click('#rsvp-accept');
  await invitee.waitForFunction(() => document.getElementById('rsvp-state').dataset.status === 'accepted');
  const ics = await invitee.getAttribute('#rsvp-ics', 'href');
  assert.match(await (await fetch(`${suite.server.url}${ics}`)).text(), /BEGIN:VEVENT/);

  await staff.reload();
  await staff.waitForSelector('#invited li[data-status="accepted"]');
  assert.match(await staff.textContent('#invited li[data-status="accepted"]'), /需要无障碍通道/);
  await staff.click('#invited li[data-status="accepted"] .actions button:first-child');
  await staff.waitForFunction(() => /已出席/.test(document.querySelector('#invited li[data-status="accepted"]').textContent));

  for (const page of [staff, invitee]) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
