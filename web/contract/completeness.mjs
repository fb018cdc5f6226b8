#!/usr/bin/env node
// Completeness, both ways: every route the kernel registers (router.add / router.addUpgrade
// calls under kernel/src) is an operation of openapi.yaml and vice versa; every client message
// type the decoder accepts (kClientTypes in kernel/src/protocol/client_message.cpp) and every
// server message type the kernel encodes (encodeEvent("<type>", ...) and the hand-written
// playback.state envelope) is a message of asyncapi.yaml and vice versa.
// It parses the registration calls instead of asking a built router: the route groups need a
// running kernel's services to be constructed, and the calls are uniform one-liners (a call
// this scanner cannot read is itself reported, see kUnreadable).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { asyncapiPath, asyncMessages, bundle, openapiOperations, openapiPath, repoRoot } from './lib/documents.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? resolve(process.argv[i + 1]) : fallback;
};
const kernelSrc = arg('--kernel-src', resolve(repoRoot, 'kernel/src'));

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(cpp|h)$/.test(name)) yield path;
  }
}

const routes = new Map();      // "GET /path" → file
const clientTypes = new Set();
const serverTypes = new Map(); // type → file
const problems = [];
for (const file of sources(kernelSrc)) {
  const text = readFileSync(file, 'utf8');
  const where = relative(repoRoot, file);
  for (const m of text.matchAll(/\brouter\.add\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"/g)) routes.set(`${m[1]} ${m[2]}`, where);
  for (const m of text.matchAll(/\brouter\.addUpgrade\(\s*"([^"]+)"/g)) routes.set(`GET ${m[1]}`, where);
  // kUnreadable: a registration whose method or path is not a string literal.
  for (const m of text.matchAll(/\brouter\.add(Upgrade)?\(\s*([^"\s])/g))
    problems.push(`${where}: a router.add${m[1] ?? ''} call without literal method/path; the completeness check cannot read it`);
  for (const m of text.matchAll(/encodeEvent\(\s*"([a-z_.]+)"/g)) serverTypes.set(m[1], where);
  for (const m of text.matchAll(/R"\(\{"type":"([a-z_.]+)"/g)) serverTypes.set(m[1], where);
  if (file.endsWith('protocol/client_message.cpp')) {
    const block = /kClientTypes\[\]\s*=\s*\{([^}]*)\}/.exec(text);
    if (!block) problems.push(`${where}: kClientTypes not found`);
    else for (const m of block[1].matchAll(/"([a-z_.]+)"/g)) clientTypes.add(m[1]);
  }
}
// Server messages built by named encoders (server_message.cpp) pass a literal to encodeEvent,
// so they are found above; the names below are the ones without any literal elsewhere.
if (routes.size === 0 || clientTypes.size === 0 || serverTypes.size === 0)
  problems.push(`scanner found ${routes.size} routes, ${clientTypes.size} client and ${serverTypes.size} server message types; expected some of each`);

const documented = new Map(openapiOperations(bundle(openapiPath)).map((o) => [`${o.method} ${o.path}`, o]));
const norm = (key) => key.replace(/\{[^}]+\}/g, '{}');
const documentedNorm = new Set([...documented.keys()].map(norm));
const routesNorm = new Set([...routes.keys()].map(norm));
for (const [key, file] of routes) if (!documentedNorm.has(norm(key))) problems.push(`route ${key} (${file}) is not in openapi.yaml`);
for (const key of documented.keys()) if (!routesNorm.has(norm(key))) problems.push(`openapi.yaml documents ${key}, which no router.add registers`);

const messages = asyncMessages(bundle(asyncapiPath));
const docClient = new Set(messages.filter((m) => m.direction === 'client').map((m) => m.type));
const docServer = new Set(messages.filter((m) => m.direction === 'server').map((m) => m.type));
for (const t of clientTypes) if (!docClient.has(t)) problems.push(`client message ${t} (decoder) is not in asyncapi.yaml`);
for (const t of docClient) if (!clientTypes.has(t)) problems.push(`asyncapi.yaml documents client message ${t}, which the decoder does not accept`);
for (const [t, file] of serverTypes) if (!docServer.has(t)) problems.push(`server message ${t} (${file}) is not in asyncapi.yaml`);
for (const t of docServer) if (!serverTypes.has(t)) problems.push(`asyncapi.yaml documents server message ${t}, which the kernel never encodes`);
for (const m of messages) if (!m.type || !['client', 'server'].includes(m.direction)) problems.push(`asyncapi message ${m.key}: needs a payload type const and x-streamit-direction`);

for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`complete: ${routes.size} routes, ${clientTypes.size} client and ${serverTypes.size} server message types match the documents`);
