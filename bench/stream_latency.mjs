// Latency of the live stream as viewers see it, and how the HTTP loop answers while streams start, switch and end.
// Run it against this build and against a peer build (the commit before issue 12) on the same machine:
//   node bench/stream_latency.mjs [OPENHALL_BINARY] [SECONDS]
// Prints, on the demo's live event (640×360, 1 s keyframe interval):
//   - glass-to-viewer in Chromium with hls.js: now − the program date of the frame on screen (p50, p95);
//   - listing delay: when the playlist first lists a segment − (its program date + its duration) (p50, p95);
// and /healthz answer times (p50, p99, max) while three test-source events and an SRT event go live, lose and
// regain their input, and end, with an SRT event whose encoder never connects and an RTSP camera event
// (build/bin/rtsp_camera). Binds loopback only and stops everything it started.
import { spawn } from 'node:child_process';

const binary = process.argv[2] || new URL('../build/bin/openhall', import.meta.url).pathname;
const seconds = Number(process.argv[3] || 60);
process.env.OPENHALL_BINARY = binary;
const { addUser, launchBrowser, newPage, staffApi, startServer, tempDataDir, waitFor } =
  await import('../tests/browser/harness.mjs');

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
};
const fixed = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const data = tempDataDir();
addUser(data.dir, 'bench', 'scheduler', 'bench password');
const server = await startServer(data.dir, ['--demo']);
const browser = await launchBrowser();
try {
  const { events } = await (await fetch(`${server.url}/api/v1/events?status=live`)).json();
  const demo = events.find((e) => e.kind === 'interview');
  const playlistUrl = `${server.url}/media/${demo.id}/index.m3u8`;
  await waitFor(async () => (await fetch(playlistUrl)).status === 200, 20000, 'the demo playlist');

  // Listing delay, polled every 50 ms.
  const listed = new Map();
  const listing = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const text = await fetch(playlistUrl).then((r) => r.text()).catch(() => '');
      const now = Date.now();
      const lines = text.split('\n');
      let date = null;
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].startsWith('#EXT-X-PROGRAM-DATE-TIME:')) date = Date.parse(lines[i].slice(25));
        if (lines[i].startsWith('#EXTINF:') && !listed.has(lines[i + 1])) {
          listed.set(lines[i + 1], now);
          if (listed.size > 3) listing.push((now - date) / 1000 - parseFloat(lines[i].slice(8)));
        }
      }
      await sleep(50);
    }
  })();

  // Glass-to-viewer: the site's own player where it reports the playing frame's date; otherwise (older builds)
  // hls.js with the configuration that build's player used.
  const page = await newPage(browser, { locale: 'en-US' });
  await page.goto(`${server.url}${demo.url}`);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 30000 });
  const own = await page.evaluate(() => Boolean(document.getElementById('player').openhallPlayer));
  if (!own) {
    await page.evaluate(async (url) => {
      const { default: Hls } = await import('/static/vendor/hls.mjs');
      const video = document.createElement('video');
      video.muted = true;
      document.body.append(video);
      const hls = new Hls({ liveSyncDurationCount: 2, lowLatencyMode: false });
      hls.loadSource(url);
      hls.attachMedia(video);
      video.play().catch(() => {});
      window.benchPlayer = { playingDate: () => hls.playingDate, video };
    }, `/media/${demo.id}/index.m3u8`);
  }
  await sleep(8000);  // settle at the live edge
  const glass = [];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const delay = await page.evaluate(() => {
      const player = window.benchPlayer || document.getElementById('player').openhallPlayer;
      const video = window.benchPlayer ? window.benchPlayer.video : document.getElementById('player');
      const date = player.playingDate();
      return date && !video.paused ? (Date.now() - date.getTime()) / 1000 : null;
    });
    if (delay !== null) glass.push(delay);
    await sleep(250);
  }
  polling = false;
  await poller;
  await page.context().close();

  // /healthz while streams start, lose their input, get it back and end. (Signed in first: a sign-in's Argon2id
  // hash runs on the main loop, ~190 ms, and is not what this measures.)
  const api = await staffApi(server.url, 'bench', 'bench password');
  const answers = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const start = performance.now();
      if (await fetch(`${server.url}/healthz`).then(() => true).catch(() => false)) answers.push(performance.now() - start);
      await sleep(10);
    }
  })();
  const live = async (source) => {
    const event = await api('POST', '/api/v1/events', {
      kind: 'press_conference', title: 'bench', starts_at: '2026-11-25T09:00:00+08:00', ends_at: '2026-11-25T10:00:00+08:00',
    });
    const configured = await api('PUT', `/api/v1/events/${event.id}/stream`, source);
    await api('POST', `/api/v1/events/${event.id}/status`, { status: 'scheduled' });
    await api('POST', `/api/v1/events/${event.id}/status`, { status: 'live' });
    return { id: event.id, ingest: configured.ingest_url };
  };
  const started = [];
  for (let i = 0; i < 3; i++) started.push(await live({ source: 'test' }));
  const srt = await live({ source: 'srt' });
  const idle = await live({ source: 'srt' });  // an encoder that never connects
  const camera = spawn(new URL('../build/bin/rtsp_camera', import.meta.url).pathname, ['0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const cameraUrl = await new Promise((resolve) => camera.stdout.once('data', (d) => resolve(String(d).trim())));
  const pulled = await live({ source: 'rtsp', url: cameraUrl });
  const publish = () => spawn('ffmpeg', ['-hide_banner', '-loglevel', 'quiet', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '20', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-c:a', 'aac',
    '-f', 'mpegts', `${srt.ingest}&pkt_size=1316`], { stdio: 'ignore' });
  let encoder = publish();
  await sleep(6000);
  encoder.kill('SIGKILL');  // the slate takes over
  await sleep(3000);
  encoder = publish();  // and the input comes back
  await sleep(5000);
  for (const event of [...started, srt, idle, pulled]) {
    await api('POST', `/api/v1/events/${event.id}/status`, { status: 'ended' });
    await sleep(1000);
  }
  await sleep(5000);  // the recordings are finished
  encoder.kill('SIGKILL');
  camera.kill('SIGTERM');
  probing = false;
  await probe;

  console.log(`binary: ${binary}`);
  console.log(`glass-to-viewer (${glass.length} samples over ${seconds} s, ${own ? "the site's player" : 'hls.js, liveSyncDurationCount 2'}):` +
    ` p50 ${fixed(quantile(glass, 0.5))} s, p95 ${fixed(quantile(glass, 0.95))} s`);
  console.log(`listing delay (${listing.length} segments): p50 ${fixed(quantile(listing, 0.5))} s, p95 ${fixed(quantile(listing, 0.95))} s`);
  console.log(`/healthz while 6 streams start, switch and end (${answers.length} answers): p50 ${fixed(quantile(answers, 0.5))} ms,` +
    ` p99 ${fixed(quantile(answers, 0.99))} ms, max ${fixed(Math.max(...answers))} ms`);
} catch (error) {
  console.log(`failed: ${error.message}; the server's log ends:\n${server.log().slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
  data.remove();
}
