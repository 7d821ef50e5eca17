// Starts the real openhall server on an ephemeral loopback port and Debian's Chromium for browser tests.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const BINARY = process.env.OPENHALL_BINARY || new URL('../../build/bin/openhall', import.meta.url).pathname;

// The flags this machine needs: no sandbox as root, and no background traffic to hosts that cannot be reached.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function addUser(dataDir, name, role, password) {
  const result = spawnSync(BINARY, ['user', 'add', name, '--role', role, '--data', dataDir], { input: `${password}\n` });
  if (result.status !== 0) throw new Error(`user add failed: ${result.stderr}`);
}

export async function startServer(dataDir, extraArgs = []) {
  const child = spawn(BINARY, ['serve', '--data', dataDir, '--host', '127.0.0.1', '--http-port', '0', '--ws-port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20000);
    lines.on('line', (line) => {
      const match = /^listening (http:\/\/[\d.]+:\d+)$/.exec(line);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  return {
    url,
    log: () => log,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('close', (code) => {  // after its output is read to the end
        // A failed stop (a sanitizer report, a crash) explains itself in the test output.
        if (code !== 0) process.stderr.write(`server exited with ${code}; its log ends:\n${log.slice(-6000)}\n`);
        resolve(code);
      });
      child.kill('SIGTERM');
    }),
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// A page that records console errors and page errors (a CSP violation shows up as one).
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(e.message));
  return page;
}

export function tempDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'openhall-browser-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// A staff session over plain HTTP, for setting up what a test needs: returns api(method, path, body) → JSON.
export async function staffApi(url, username, password) {
  const signIn = await fetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in as ${username} failed: ${signIn.status}`);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await signIn.json();
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.status === 204 ? null : response.json();
  };
}

// Polls an async condition every 250 ms until it holds or the time is up.
export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Signs a page in through the staff sign-in page, as a person would.
export async function signIn(page, url, username, password) {
  await page.goto(`${url}/staff/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL('**/staff');
}

// The set-up and tear-down every browser suite shares: a fresh data folder with `users` ([name, role] pairs, all
// signing in with `password`), what `prepare(dataDir)` writes there, the server started with `serverArgs` (or
// `serverArgs(dataDir)`), and Chromium. Call it at the top of a test file; the returned object's `data`, `server`
// and `browser` are set once the suite's `before` hook has run, and `exitCode` once the server has stopped.
// `expectCleanExit` asserts that the server stopped cleanly (exit code 0) on SIGTERM.
export function browserSuite({ users = [], password, serverArgs = [], prepare, expectCleanExit = false } = {}) {
  const suite = { data: null, server: null, browser: null, exitCode: null };
  before(async () => {
    suite.data = tempDataDir();
    for (const [name, role] of users) addUser(suite.data.dir, name, role, password);
    if (prepare) prepare(suite.data.dir);
    suite.server = await startServer(suite.data.dir, typeof serverArgs === 'function' ? serverArgs(suite.data.dir) : serverArgs);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    suite.exitCode = await suite.server?.stop();
    suite.data?.remove();
    if (expectCleanExit) assert.equal(suite.exitCode, 0, 'the server stops cleanly on SIGTERM');
  });
  return suite;
}
