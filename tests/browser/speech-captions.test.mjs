// Captions from speech in the browser (issue 17): with Debian's pocketsphinx listening to a live event, a viewer's
// page shows the words as the engine hears them (in italics, not stored), and then the utterance's line in their
// place. The speech is flite's, as in tests/streamer/speech_captions_test.cpp.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserSuite, newPage, staffApi } from './harness.mjs';

const PASSWORD = 'speech captions test secret';
const suite = browserSuite({
  users: [['wang.fang', 'scheduler']], password: PASSWORD,
  serverArgs: ['--speech-engine', 'pocketsphinx', '--captions-language', 'en'],
  // The clip the C++ speech tests use (tests/support/spoken_clip.sh).
  prepare: (dir) => execFileSync(new URL('../support/spoken_clip.sh', import.meta.url).pathname, [dir]),
});

test('a viewer sees the engine\'s words as they are heard, then its line in their place', async () => {
  const api = await staffApi(suite.server.url, 'wang.fang', PASSWORD);
  const event = await api('POST', '/api/v1/events', {
    kind: 'press_conference', title: 'Press conference: water supply', starts_at: '2026-11-25T09:00:00+08:00', ends_at: '2026-11-25T10:00:00+08:00',
  });
  await api('PUT', `/api/v1/events/${event.id}/stream`, { source: 'file', url: join(suite.data.dir, 'speech.mp4') });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });

  const viewer = await newPage(suite.browser, { locale: 'en-US' });
  await viewer.goto(`${suite.server.url}/events/${event.id}`);
  await viewer.waitForSelector('#event:not([hidden])');
  // Every text the caption area shows, with whether it was set as passing words: the partials are brief.
  await viewer.evaluate(() => {
    window.shownCaptions = [];
    const line = document.getElementById('caption-line');
    new MutationObserver(() => window.shownCaptions.push({ text: line.textContent, partial: line.classList.contains('partial') }))
      .observe(line, { childList: true, characterData: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  await api('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });

  await viewer.waitForFunction(() => /county/.test(document.getElementById('caption-line').textContent) &&
    !document.getElementById('caption-line').classList.contains('partial'), null, { timeout: 30000 });
  const shown = await viewer.evaluate(() => window.shownCaptions);
  const partials = shown.filter((s) => s.partial);
  assert.ok(partials.length > 0, `passing words were shown before the line: ${JSON.stringify(shown)}`);
  assert.ok(partials.every((s) => s.text.length > 0));
  const line = (await (await fetch(`${suite.server.url}/api/v1/events/${event.id}/transcript`)).json()).lines
    .find((l) => /county/.test(l.text));
  assert.equal(await viewer.textContent('#caption-line'), line.text, 'the stored line took the words\' place');
  await viewer.context().close();
});
