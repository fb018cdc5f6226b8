#!/usr/bin/env node
// Validates recorded test traffic against the contract: node check-traffic.mjs DIR reads every
// DIR/*.jsonl written by the C++ test clients in contract mode (tests/support/contract_log.h)
// and checks each HTTP response against openapi.yaml (known route and method, documented
// status, documented error code for that status, required headers, body schema) and each
// received WebSocket message and close code against asyncapi.yaml. Every violation names the
// GoogleTest test that produced it. Paths outside the API (the web app's static files, /media/)
// are skipped; a 404/405 on an unknown path must still carry the error envelope.
// --coverage also lists the documented statuses and messages the traffic never exercised.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncapiPath, asyncMessages, bundle, deref, openapiPath } from './lib/documents.mjs';
import { makeValidator, pointerOf } from './lib/validator.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check-traffic.mjs DIR [--allow-empty]');
  process.exit(2);
}
const openapi = bundle(openapiPath);
const asyncapi = bundle(asyncapiPath);
const rest = makeValidator(openapi, 'openapi');
const ws = makeValidator(asyncapi, 'asyncapi');

// Documented paths as matchers; a literal segment beats a parameter (/rooms/public vs /rooms/{code}).
const matchers = Object.keys(openapi.paths).map((path) => {
  const segments = path.split('/');
  return { path, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
}).sort((a, b) => b.literals - a.literals);
function matchPath(path) {
  const parts = path.split('/');
  for (const m of matchers) {
    if (m.segments.length !== parts.length) continue;
    if (m.segments.every((s, i) => s.startsWith('{') || s === parts[i])) return m.path;
  }
  return null;
}
const isApiPath = (p) => p.startsWith('/api/') || p === '/api' || ['/healthz', '/readyz', '/metrics'].includes(p);

const serverMessages = new Map(asyncMessages(asyncapi).filter((m) => m.direction === 'server').map((m) => [m.type, m]));
const closeCodes = new Set(Object.values(asyncapi.channels).flatMap((c) => (c['x-streamit-close-codes'] ?? []).map((x) => x.code)));

const failures = [];
const seen = new Set();  // "METHOD /path status" and "ws <type>" that the traffic exercised
const stats = { http: 0, ws: 0, ws_close: 0, skipped_static: 0, files: 0 };
function fail(record, problem) {
  const what = record.kind === 'http' ? `${record.method} ${record.path} → ${record.status}`
    : record.kind === 'ws' ? `WebSocket ${record.path} message ${record.text.slice(0, 160)}`
    : `WebSocket ${record.path} close ${record.code}`;
  failures.push({ test: record.test || '(outside a test)', problem, what });
}

function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e.message };
  }
}

function checkErrorEnvelope(record, body, codes) {
  const validate = rest.compile('#/components/schemas/ErrorEnvelope');
  const parsed = parseJson(body);
  if (!parsed.ok) return fail(record, `error body is not JSON: ${parsed.error}`);
  if (!validate(parsed.value)) return fail(record, `error body does not match ErrorEnvelope: ${rest.errorsText(validate.errors)}`);
  if (codes && !codes.includes(parsed.value.error.code)) fail(record, `error code ${parsed.value.error.code} is not documented here (expected ${codes.join(' or ')})`);
}

function checkHeaders(record, headersSpec) {
  for (const [name, raw] of Object.entries(headersSpec ?? {})) {
    const spec = deref(openapi, raw);
    const value = record.headers?.[name.toLowerCase()];
    if (value === undefined) {
      if (spec.required) fail(record, `required header ${name} is missing`);
      continue;
    }
    const schema = deref(openapi, spec.schema) ?? {};
    if (schema.const !== undefined && String(schema.const) !== value) fail(record, `header ${name} is "${value}", the contract says "${schema.const}"`);
    if (schema.type === 'integer' && !/^\d+$/.test(value)) fail(record, `header ${name} is "${value}", not an integer`);
    if (schema.type === 'integer' && schema.minimum !== undefined && Number(value) < schema.minimum) fail(record, `header ${name} is ${value} < ${schema.minimum}`);
  }
}

function checkHttp(record) {
  ++stats.http;
  const [path] = record.path.split('?');
  const method = record.method === 'HEAD' ? 'GET' : record.method;
  const headOnly = record.method === 'HEAD';
  const templ = matchPath(path);
  if (!templ) {
    if (!isApiPath(path)) return void ++stats.skipped_static;
    if (record.status === 404) return checkErrorEnvelope(record, record.body, ['NOT_FOUND']);
    return fail(record, 'unknown route: no path of openapi.yaml matches');
  }
  const item = openapi.paths[templ];
  const op = item[method.toLowerCase()];
  if (!op) {
    if (record.status === 405) {
      if (!record.headers?.allow) fail(record, '405 without an Allow header');
      return headOnly ? undefined : checkErrorEnvelope(record, record.body, ['METHOD_NOT_ALLOWED']);
    }
    if (record.status === 413) return checkErrorEnvelope(record, record.body, ['PAYLOAD_TOO_LARGE']);
    return fail(record, `method ${record.method} is not documented for ${templ}`);
  }
  const status = String(record.status);
  seen.add(`${method} ${templ} ${status}`);
  const rawResponse = op.responses[status] ?? op.responses[`${status[0]}XX`] ?? op.responses.default;
  if (!rawResponse) return fail(record, `undocumented status ${status} for ${method} ${templ} (documented: ${Object.keys(op.responses).join(', ')})`);
  const response = deref(openapi, rawResponse);
  checkHeaders(record, response.headers);
  if (headOnly) return;
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    if (record.body !== '') fail(record, `status ${status} is documented without a body, but one was sent`);
    return;
  }
  const contentType = (record.headers?.['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const media = Object.keys(content).find((m) => m.toLowerCase() === contentType);
  if (!media) return fail(record, `content type "${contentType}" is not documented for status ${status} (documented: ${Object.keys(content).join(', ')})`);
  const base = rawResponse.$ref ?? pointerOf('paths', templ, method.toLowerCase(), 'responses', status);
  if (!media.endsWith('json')) return;
  const parsed = parseJson(record.body);
  if (!parsed.ok) return fail(record, `body is not JSON: ${parsed.error}`);
  const validate = rest.compile(`${base}/content/${media.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`);
  if (!validate(parsed.value)) fail(record, `body does not match the schema of ${method} ${templ} ${status}: ${rest.errorsText(validate.errors)}`);
  const codes = response['x-streamit-error-codes'];
  if (codes && parsed.value?.error?.code && !codes.includes(parsed.value.error.code))
    fail(record, `error code ${parsed.value.error.code} is not documented for status ${status} (documented: ${codes.join(', ')})`);
}

function checkWs(record) {
  ++stats.ws;
  const parsed = parseJson(record.text);
  if (!parsed.ok) return fail(record, `not JSON: ${parsed.error}`);
  const message = serverMessages.get(parsed.value?.type);
  if (!message) return fail(record, `unknown server message type ${JSON.stringify(parsed.value?.type)}`);
  seen.add(`ws ${message.type}`);
  const validate = ws.compile(message.payloadRef);
  if (!validate(parsed.value)) fail(record, `${message.type} does not match its schema: ${ws.errorsText(validate.errors)}`);
}

function checkClose(record) {
  ++stats.ws_close;
  // 1005 is what a client reports for a close frame without a code, which RFC 6455 allows.
  if (record.code !== 1005 && !closeCodes.has(record.code)) fail(record, `close code ${record.code} is not documented`);
}

let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
} catch {
  files = [];
}
for (const file of files) {
  ++stats.files;
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const last = lines.findLastIndex((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const parsed = parseJson(line);
    if (!parsed.ok && i === last && !readFileSync(join(dir, file), 'utf8').endsWith('\n')) {
      // A test process killed mid-write (timeout, crash) leaves a cut last line; its test failed anyway.
      console.warn(`${file}:${i + 1}: ignoring a truncated last record`);
      return;
    }
    if (!parsed.ok) return failures.push({ test: '?', problem: `${file}:${i + 1}: unreadable record`, what: line.slice(0, 120) });
    const record = parsed.value;
    if (record.kind === 'http') checkHttp(record);
    else if (record.kind === 'ws') checkWs(record);
    else if (record.kind === 'ws_close') checkClose(record);
    else failures.push({ test: record.test ?? '?', problem: `unknown record kind ${record.kind}`, what: file });
  });
}

const summary = `${stats.http} HTTP responses (${stats.skipped_static} outside the API, skipped), ${stats.ws} WebSocket messages, ${stats.ws_close} close codes from ${stats.files} file(s)`;
if (stats.http + stats.ws + stats.ws_close === 0 && !process.argv.includes('--allow-empty')) {
  console.error(`no traffic recorded in ${dir}: is STREAMIT_CONTRACT_LOG set for the suites?`);
  process.exit(1);
}
if (failures.length > 0) {
  const byTest = new Map();
  for (const f of failures) {
    const key = `${f.test}\u0000${f.problem}`;
    if (!byTest.has(key)) byTest.set(key, { ...f, count: 0 });
    byTest.get(key).count++;
  }
  for (const f of byTest.values())
    console.error(`CONTRACT VIOLATION in ${f.test}: ${f.problem}\n    ${f.what}${f.count > 1 ? ` (and ${f.count - 1} more like it)` : ''}`);
  console.error(`${failures.length} violation(s) in ${summary}`);
  process.exit(1);
}
console.log(`contract traffic OK: ${summary}`);
if (process.argv.includes('--coverage')) {
  // Informational: what the suites never exercised (a hint for new tests, not a failure).
  for (const [path, item] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.responses) continue;
      for (const status of Object.keys(op.responses)) {
        if (!seen.has(`${method.toUpperCase()} ${path} ${status}`)) console.log(`  not exercised: ${method.toUpperCase()} ${path} ${status}`);
      }
    }
  }
  for (const type of serverMessages.keys()) if (!seen.has(`ws ${type}`)) console.log(`  not exercised: server message ${type}`);
}
