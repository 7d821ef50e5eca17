// The peer for bench/ws_fanout.sh: a minimal broadcast server on Node.js's `ws` package that speaks the same
// hello/ask/ack/moderate/question protocol as the gateway (docs/websocket.md) for one event, without storage,
// rate limits or checks. Usage: node bench/ws_peer.mjs PORT   (prints "listening ws://127.0.0.1:PORT")
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] || 0);
const questions = new Map();
let nextId = 1;
let seq = 0;
const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('openhall.v1') ? 'openhall.v1' : false) });

function broadcast(message) {
  const text = JSON.stringify(message);
  for (const client of server.clients) if (client.readyState === 1) client.send(text);
}

server.on('connection', (socket) => {
  socket.send(JSON.stringify({ type: 'hello', event: 1, seq, viewers: server.clients.size,
    questions: [...questions.values()].filter((q) => q.status === 'approved') }));
  socket.on('message', (data) => {
    let m;
    try { m = JSON.parse(data); } catch { return socket.send(JSON.stringify({ type: 'error', id: null, code: 'bad_json', message: 'bad json' })); }
    if (m.type === 'ask') {
      const q = { id: nextId++, event_id: 1, text: m.text, name: m.name || '', status: 'pending', votes: 0,
        asked_at: new Date().toISOString(), media_offset_s: null };
      questions.set(q.id, q);
      socket.send(JSON.stringify({ type: 'ack', id: m.id, question: q.id, ticket: `T${q.id}` }));
    } else if (m.type === 'moderate' && m.action === 'approve') {
      const q = questions.get(m.question);
      if (!q) return;
      q.status = 'approved';
      broadcast({ type: 'question', seq: ++seq, question: q });
    }
  });
});
server.on('listening', () => console.log(`listening ws://127.0.0.1:${server.address().port}`));
