// The peer for bench/ws_redis_fanout.sh: Node.js's `ws` with `ioredis`, laid out as OpenHall is on Redis, for one
// event and without storage, rate limits or checks. Same hello/ask/ack/moderate/question protocol as the gateway
// (docs/websocket.md), same Redis round trips:
//   gateway: an ask runs one script (the client id's earlier ack, else a new id from a counter and an entry on the
//            commands stream) and is acknowledged when Redis answers; moderation goes onto the commands stream;
//            the feed stream is read with XREAD BLOCK and each entry sent to every viewer (a pending question to
//            staff only: connections with a cookie); every second the gateway writes its viewer count, reads the
//            others' and sends the sum on a 1% change or after 5 s; a client silent 30 s gets a ping, 60 s is
//            dropped (swept every second).
//   server:  reads the commands stream as a consumer group, keeps the asks in memory, publishes each ask as a
//            pending question and an approval as a public one (one script: the room's hash, the feed and the
//            event's backlog), then XACK.
// What it leaves out: storage (OpenHall commits each ask to SQLite with an audit row before publishing it) and
// sending the whole script with every EVAL (ioredis uses EVALSHA).
// Why this peer and not Socket.IO's Redis Streams adapter: Socket.IO speaks its own framing (Engine.IO), so the
// generator would measure a different protocol; `ws` sends the same frames as the gateway.
// Usage: node bench/ws_redis_peer.mjs gateway PORT REDIS_URL   (prints "listening ws://127.0.0.1:PORT")
//        node bench/ws_redis_peer.mjs server REDIS_URL          (prints "reading")
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const [role, ...rest] = process.argv.slice(2);
const keys = { commands: 'peer:commands', ids: 'peer:question-ids', feed: 'peer:feed', asked: 'peer:asked:1',
  room: 'peer:room:1', backlog: 'peer:backlog:1', viewers: 'peer:viewers:1' };

const askScript = `
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return {0, known} end
local id = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[3], '*', 'kind', 'ask', 'id', id, 'body', ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
return {1, tostring(id)}`;

const publishScript = `
redis.call('HSET', KEYS[1], 'q:' .. ARGV[1], ARGV[2], 'seq', ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'seq', ARGV[3], 'kind', ARGV[4], 'body', ARGV[2])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', 1024, '*', 'seq', ARGV[3], 'kind', ARGV[4], 'body', ARGV[2])
return 1`;

// Field/value array of a stream entry → object.
const fields = (list) => Object.fromEntries(list.flatMap((v, i) => (i % 2 ? [] : [[v, list[i + 1]]])));

async function gateway(port, url) {
  const commands = new Redis(url);
  const feed = new Redis(url);
  commands.defineCommand('ask', { numberOfKeys: 3, lua: askScript });
  const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('openhall.v1') ? 'openhall.v1' : false) });
  let seq = 0;
  const staff = new Set();
  server.on('connection', (socket, request) => {
    socket.heard = Date.now();
    socket.pinged = false;
    if (request.headers.cookie) staff.add(socket);
    socket.on('close', () => staff.delete(socket));
    socket.on('pong', () => { socket.heard = Date.now(); socket.pinged = false; });
    socket.send(JSON.stringify({ type: 'hello', event: 1, seq, viewers: server.clients.size, questions: [] }));
    socket.on('message', async (data) => {
      socket.heard = Date.now();
      socket.pinged = false;
      let m;
      try { m = JSON.parse(data); } catch {
        return socket.send(JSON.stringify({ type: 'error', id: null, code: 'bad_json', message: 'bad json' }));
      }
      try {
        if (m.type === 'ask') {
          const body = JSON.stringify({ event_id: 1, text: m.text, name: m.name || '', asked_at: new Date().toISOString() });
          const [, id] = await commands.ask(keys.asked, keys.ids, keys.commands, m.id, body);
          socket.send(JSON.stringify({ type: 'ack', id: m.id, question: Number(id), ticket: `T${id}` }));
        } else if (m.type === 'moderate') {
          await commands.xadd(keys.commands, '*', 'kind', 'moderate', 'question', String(m.question), 'action', m.action);
        }
      } catch {
        socket.send(JSON.stringify({ type: 'error', id: m.id ?? null, code: 'unavailable', message: 'unavailable' }));
      }
    });
  });
  let sentCount = -1;
  let sentAt = 0;
  setInterval(async () => {
    const now = Date.now();
    for (const client of server.clients) {
      if (now - client.heard >= 60000) client.terminate();
      else if (now - client.heard >= 30000 && !client.pinged) { client.pinged = true; client.ping('openhall'); }
    }
    try {
      await commands.hset(keys.viewers, String(process.pid), String(server.clients.size));
      const all = await commands.hgetall(keys.viewers);
      const total = Object.values(all).reduce((sum, n) => sum + Number(n), 0);
      const change = Math.abs(total - sentCount);
      if (total !== sentCount && (sentCount < 0 || change * 100 >= sentCount || now - sentAt >= 5000)) {
        sentCount = total;
        sentAt = now;
        const text = JSON.stringify({ type: 'viewers', count: total });
        for (const client of server.clients) if (client.readyState === 1) client.send(text);
      }
    } catch { /* Redis away: the next second tries again */ }
  }, 1000);
  let last = '$';
  (async () => {
    for (;;) {
      const reply = await feed.xread('BLOCK', 0, 'STREAMS', keys.feed, last);
      for (const [, entries] of reply || []) {
        for (const [id, list] of entries) {
          last = id;
          const f = fields(list);
          seq = Number(f.seq);
          const text = `{"type":"${f.kind}","seq":${f.seq},"question":${f.body}}`;
          const to = f.kind === 'pending' ? staff : server.clients;
          for (const client of to) if (client.readyState === 1) client.send(text);
        }
      }
    }
  })();
  server.on('listening', () => console.log(`listening ws://127.0.0.1:${server.address().port}`));
}

async function relay(url) {
  const redis = new Redis(url);
  const reader = new Redis(url);
  redis.defineCommand('publish', { numberOfKeys: 3, lua: publishScript });
  try { await redis.xgroup('CREATE', keys.commands, 'server', '0', 'MKSTREAM'); } catch { /* the group exists */ }
  const questions = new Map();
  let seq = 0;
  console.log('reading');
  for (;;) {
    const reply = await reader.xreadgroup('GROUP', 'server', 'peer', 'COUNT', 512, 'BLOCK', 0, 'STREAMS', keys.commands, '>');
    for (const [, entries] of reply || []) {
      const done = [];
      for (const [id, list] of entries) {
        const f = fields(list);
        if (f.kind === 'ask') {
          const q = { id: Number(f.id), ...JSON.parse(f.body), status: 'pending', votes: 0 };
          questions.set(q.id, q);
          await redis.publish(keys.room, keys.feed, keys.backlog, String(q.id), JSON.stringify(q), String(++seq), 'pending');
        } else if (f.kind === 'moderate' && f.action === 'approve') {
          const q = questions.get(Number(f.question));
          if (q) {
            q.status = 'approved';
            await redis.publish(keys.room, keys.feed, keys.backlog, String(q.id), JSON.stringify(q), String(++seq),
              'question');
          }
        }
        done.push(id);
      }
      await redis.xack(keys.commands, 'server', ...done);
    }
  }
}

if (role === 'gateway') gateway(Number(rest[0] || 0), rest[1]);
else if (role === 'server') relay(rest[0]);
else { console.error('usage: ws_redis_peer.mjs gateway PORT REDIS_URL | server REDIS_URL'); process.exit(2); }
