// The live connection to an event (docs/websocket.md): resumes with `since` after a reconnect, retries asks with
// the same id until they are acknowledged, and keeps the viewer token the browser votes with.
import { api } from './api.js';

const VIEWER_KEY = 'openhall.viewer';

function randomToken(bytes = 18) {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function viewerToken() {
  let token = localStorage.getItem(VIEWER_KEY);
  if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
    token = randomToken();
    localStorage.setItem(VIEWER_KEY, token);
  }
  return token;
}

async function socketBase() {
  const site = await api('/api/v1/site');
  const ws = site.websocket || {};
  if (ws.url) return ws.url.replace(/\/$/, '');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.hostname}:${ws.port || 8081}`;
}

// handlers: hello, question, votes, viewers, pending, ack, error, state('connecting'|'open'|'closed').
export class LiveSocket {
  constructor(eventId, handlers) {
    this.eventId = eventId;
    this.handlers = handlers;
    this.seq = null;
    this.unacked = new Map();  // ask id → message, sent again after a reconnect
    this.delay = 500;
    this.stopped = false;
  }

  async start() {
    this.base = await socketBase();
    this.open();
  }

  open() {
    const params = new URLSearchParams({ viewer: viewerToken() });
    if (this.seq !== null) params.set('since', String(this.seq));
    this.emit('state', 'connecting');
    const ws = new WebSocket(`${this.base}/events/${encodeURIComponent(this.eventId)}?${params}`, 'openhall.v1');
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.delay = 500;
      this.emit('state', 'open');
      for (const message of this.unacked.values()) ws.send(JSON.stringify(message));
    });
    ws.addEventListener('message', (e) => this.receive(e.data));
    ws.addEventListener('close', (e) => {
      if (this.ws !== ws) return;
      this.emit('state', 'closed', e);
      if (this.stopped || e.code === 1008 && e.reason === 'no such event') return;
      // Back off up to 15 s, with jitter so a restarted server is not hit by every viewer at once.
      const wait = this.delay * (0.5 + Math.random());
      this.delay = Math.min(this.delay * 2, 15000);
      setTimeout(() => this.open(), wait);
    });
  }

  receive(data) {
    let message;
    try { message = JSON.parse(data); } catch { return; }
    if (typeof message.seq === 'number' && message.type !== 'hello') this.seq = message.seq;
    if (message.type === 'hello') this.seq = message.seq;
    if (message.type === 'ack' || (message.type === 'error' && message.id)) this.unacked.delete(message.id);
    this.emit(message.type, message);
  }

  emit(type, ...args) {
    const fn = this.handlers[type];
    if (fn) fn(...args);
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  // Sent now or at the next connection; the same id is never stored twice.
  ask(text, name) {
    const message = { type: 'ask', id: randomToken(9), text, name };
    this.unacked.set(message.id, message);
    this.send(message);
    return message.id;
  }

  stop() {
    this.stopped = true;
    if (this.ws) this.ws.close(1000);
  }
}

// Pinned first, then votes, then the oldest: the order viewers see (the server's order).
export function displayOrder(a, b) {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.votes !== b.votes) return b.votes - a.votes;
  if (a.asked_at !== b.asked_at) return Date.parse(a.asked_at) - Date.parse(b.asked_at);
  return a.id - b.id;
}

// A coalesced "votes" message ({"<id>": count}) applied to the questions shown, by id.
export function applyVotes(questions, votes) {
  for (const [id, n] of Object.entries(votes)) {
    const q = questions.get(Number(id));
    if (q) q.votes = n;
  }
}
