'use strict';
// Broadcast baseline with the Node `ws` library, same semantics as bench/ref_server:
// any path upgrades; a text message from a connection whose query has role=host goes to every
// other connection with the same room=<x>. Usage: node server.js [--port 0] [--host 127.0.0.1]
// Prints "ready port=<n>" once listening.
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = arg('--host', '127.0.0.1');
const port = Number(arg('--port', '0'));

const rooms = new Map(); // room -> Set<WebSocket>

const server = http.createServer((req, res) => {
  res.writeHead(426, { 'Content-Type': 'text/plain' });
  res.end('WebSocket only\n');
});
// perMessageDeflate off (the default for servers since ws 8) and no payload cap beyond ws's
// default 100 MiB: the comparison is about fan-out, not compression.
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });

wss.on('connection', (ws, req) => {
  const url = new URL(req.url, 'http://x');
  const room = url.searchParams.get('room') || '';
  const isHost = url.searchParams.get('role') === 'host';
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    if (!isHost || isBinary) return;
    for (const peer of members) {
      if (peer !== ws && peer.readyState === WebSocket.OPEN) peer.send(data, { binary: false });
    }
  });
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0 && rooms.get(room) === members) rooms.delete(room);
  });
  ws.on('error', () => {});
});

server.listen(port, host, 4096, () => {
  process.stdout.write(`ready port=${server.address().port}\n`);
});
