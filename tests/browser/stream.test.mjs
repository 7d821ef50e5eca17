// The live stream as a viewer's browser plays it: hls.js in Chromium follows the live edge on the demo (the playing
// frame's program date against the wall clock; the figure goal is measured in bench/stream_latency.mjs), and plays
// across a change of picture size sent by an encoder without re-encoding (issue 12, row 6); playback starts by
// itself, without sound where the browser refuses it, and the sound is offered.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserSuite, newPage, staffApi, waitFor } from './harness.mjs';

const PASSWORD = 'stream test secret';
const suite = browserSuite({ users: [['li.na', 'scheduler']], password: PASSWORD, serverArgs: ['--demo'] });

// Seconds between the frame on screen and now, sampled while it plays.
async function glassToViewer(page, samples) {
  const delays = [];
  for (let i = 0; i < samples; i++) {
    await page.waitForTimeout(500);
    const delay = await page.evaluate(() => {
      const video = document.getElementById('player');
      const date = video.openhallPlayer && video.openhallPlayer.playingDate();
      return date && !video.paused ? (Date.now() - date.getTime()) / 1000 : null;
    });
    if (delay !== null) delays.push(delay);
  }
  return delays.sort((a, b) => a - b);
}

test('a viewer of the live demo plays close to the live edge', async () => {
  const { events } = await (await fetch(`${suite.server.url}/api/v1/events?status=live`)).json();
  const demo = events.find((e) => e.kind === 'interview');
  await waitFor(async () => (await (await fetch(`${suite.server.url}/api/v1/events/${demo.id}`)).json()).stream.hls_url, 15000, 'the playlist');
  const page = await newPage(suite.browser, { locale: 'zh-TW' });
  await page.goto(`${suite.server.url}${demo.url}`);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 20000 });
  const delays = await glassToViewer(page, 12);
  assert.ok(delays.length >= 8, `played and dated: ${delays.length} samples`);
  const median = delays[Math.floor(delays.length / 2)];
  // A frame is shown after it was live, and a live viewer is seconds behind, not a target duration's multiple.
  assert.ok(median > 0 && median < 6, `glass-to-viewer median ${median.toFixed(2)} s (samples ${delays.map((d) => d.toFixed(2))})`);
  // A live viewer joins without sound and is offered it.
  assert.equal(await page.evaluate(() => document.getElementById('player').muted), true);
  await page.click('#sound-on');
  assert.equal(await page.evaluate(() => document.getElementById('player').muted), false);
  assert.equal(await page.isHidden('#sound-on'), true);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('hls.js plays across a change of picture size, and the replay too', async () => {
  const api = await staffApi(suite.server.url, 'li.na', PASSWORD);
  const clip = (name, size) => {
    const file = join(suite.data.dir, name);
    const made = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25`,
      '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '5', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '25',
      '-c:a', 'aac', '-ac', '2', '-f', 'mpegts', file]);
    assert.equal(made.status, 0, String(made.stderr));
    return file;
  };
  const list = join(suite.data.dir, 'clips.txt');
  writeFileSync(list, `file '${clip('small.ts', '640x360')}'\nfile '${clip('large.ts', '960x540')}'\n`);
  const event = await api('POST', '/api/v1/events', {
    kind: 'press_conference', title: '画面尺寸变化', starts_at: '2026-11-25T09:00:00+08:00', ends_at: '2026-11-25T10:00:00+08:00',
  });
  const { ingest_url: ingest } = await api('PUT', `/api/v1/events/${event.id}/stream`, { source: 'srt' });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
  const encoder = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'concat', '-safe', '0', '-i', list,
    '-c', 'copy', '-f', 'mpegts', `${ingest}&pkt_size=1316`], { stdio: 'ignore' });
  const finished = new Promise((resolve) => encoder.on('exit', resolve));

  const page = await newPage(suite.browser, { locale: 'en-US' });
  // The picture widths the player showed, in order, recorded in the page as they change (a poll could miss one).
  await page.addInitScript(() => {
    window.widthsShown = [];
    document.addEventListener('resize', (e) => window.widthsShown.push(e.target.videoWidth), true);
  });
  const shown = (widths) => page.evaluate((w) => window.widthsShown.join() === w.join(), widths);
  await waitFor(async () => (await fetch(`${suite.server.url}/media/${event.id}/index.m3u8`)).status === 200, 15000, 'the playlist');
  await page.goto(`${suite.server.url}/events/${event.id}`);
  await waitFor(() => shown([640, 960]), 25000, 'the 640×360 picture, then the 960×540 picture after the change');
  const at = await page.evaluate(() => document.getElementById('player').currentTime);
  await page.waitForFunction((t) => document.getElementById('player').currentTime > t + 0.5, at, { timeout: 10000 });
  await finished;
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'ended' });
  await waitFor(async () => (await (await fetch(`${suite.server.url}/media/${event.id}/index.m3u8`)).text()).includes('#EXT-X-ENDLIST'), 15000, 'the end tag');

  // The replay plays through the change from the start.
  await page.goto(`${suite.server.url}/events/${event.id}?t=3`);
  await waitFor(() => shown([640, 960]), 20000, 'the replay at 640×360, then past the change');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Browsers refuse sound to a page the visitor has not interacted with, at their own discretion (Chromium here
  // refused 2 of 20 replays on busy cores, which then stayed paused at their first frame). Made certain here: the
  // replay then plays without sound and offers it.
  const refused = await newPage(suite.browser, { locale: 'zh-CN' });
  await refused.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      return this.muted ? play.call(this) : Promise.reject(new DOMException('no sound without interaction', 'NotAllowedError'));
    };
  });
  await refused.goto(`${suite.server.url}/events/${event.id}?t=3`);
  await refused.waitForFunction(() => document.getElementById('player').currentTime > 4, null, { timeout: 20000 });
  assert.equal(await refused.evaluate(() => document.getElementById('player').muted), true);
  assert.equal(await refused.textContent('#sound-on'), '打开声音');
  await refused.click('#sound-on');
  assert.equal(await refused.evaluate(() => document.getElementById('player').muted), false);
  assert.deepEqual(refused.problems, []);
  await refused.context().close();
});
