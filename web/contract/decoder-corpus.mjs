#!/usr/bin/env node
// Writes a corpus of client → server messages with the verdict the AsyncAPI schemas give each
// (ajv): node decoder-corpus.mjs OUT.json. The C++ test tests/contract/decoder_corpus_test.cpp
// feeds every case to the real decoder (protocol::decodeClientMessage) and requires the same
// verdict, so the schemas mirror the decoder's strictness: required fields, unknown fields,
// types, numeric bounds, string lengths (ASCII, where characters and bytes agree), id limits.
// Not covered by design: byte limits on non-ASCII strings (x-streamit-max-bytes) and chat text
// made only of control characters, which the decoder refuses after sanitizing.
import { writeFileSync } from 'node:fs';
import { asyncapiPath, asyncMessages, bundle, deref } from './lib/documents.mjs';
import { makeValidator } from './lib/validator.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node decoder-corpus.mjs OUT.json');
  process.exit(2);
}
const doc = bundle(asyncapiPath);
const validator = makeValidator(doc, 'asyncapi');
const cases = [];
const add = (validate, name, message) => {
  cases.push({ name, text: JSON.stringify(message), accept: Boolean(validate(message)) });
};

for (const m of asyncMessages(doc).filter((x) => x.direction === 'client')) {
  const validate = validator.compile(m.payloadRef);
  const dataSchema = deref(doc, m.payload.properties.data);
  const examples = doc.components.messages[m.key].examples.map((e) => e.payload);
  for (const [i, example] of examples.entries()) add(validate, `${m.type} example ${i}`, example);
  const base = structuredClone(examples[0]);
  base.data ??= {};
  // Every documented field present, so each mutation tests one thing.
  for (const [name, prop] of Object.entries(dataSchema.properties ?? {})) {
    if (name in base.data) continue;
    const p = deref(doc, prop);
    const s = p.oneOf ? deref(doc, p.oneOf[0]) : p;
    base.data[name] = s.type === 'integer' || s.type === 'number' ? (s.minimum ?? 0) : s.type === 'boolean' ? true : 'x';
  }
  add(validate, `${m.type} all fields`, base);
  const mutate = (label, fn) => {
    const message = structuredClone(base);
    fn(message);
    add(validate, `${m.type} ${label}`, message);
  };
  mutate('without data', (x) => { delete x.data; });
  mutate('data null', (x) => { x.data = null; });
  mutate('data array', (x) => { x.data = []; });
  mutate('unknown data field', (x) => { x.data.zzz = 1; });
  mutate('unknown envelope field', (x) => { x.zzz = 1; });
  mutate('empty id', (x) => { x.id = ''; });
  mutate('id of 64 bytes', (x) => { x.id = 'i'.repeat(64); });
  mutate('id of 65 bytes', (x) => { x.id = 'i'.repeat(65); });
  mutate('numeric id', (x) => { x.id = 7; });
  for (const [name, prop] of Object.entries(dataSchema.properties ?? {})) {
    const p = deref(doc, prop);
    const nullable = Boolean(p.oneOf?.some((b) => deref(doc, b).type === 'null'));
    const s = p.oneOf ? deref(doc, p.oneOf.find((b) => deref(doc, b).type !== 'null')) : p;
    const set = (label, value) => mutate(`${name} ${label}`, (x) => { x.data[name] = value; });
    mutate(`${name} missing`, (x) => { delete x.data[name]; });
    set('null', null);
    void nullable;
    if (s.type === 'number' || s.type === 'integer') {
      if (s.minimum !== undefined) { set('at minimum', s.minimum); set('below minimum', s.minimum - 1); }
      if (s.maximum !== undefined) { set('at maximum', s.maximum); set('above maximum', s.maximum + 1); }
      set('as boolean', true);
      set('as string', '3');
      if (s.type === 'integer') set('fractional', (s.minimum ?? 0) + 1.5);
      else set('fractional', (s.minimum ?? 0) + 0.25);
    } else if (s.type === 'string') {
      set('empty', '');
      if (s.maxLength !== undefined) { set('at maxLength', 'a'.repeat(s.maxLength)); set('over maxLength', 'a'.repeat(s.maxLength + 1)); }
      set('as number', 5);
      set('as object', {});
    } else if (s.type === 'boolean') {
      set('as number', 1);
      set('as string', 'true');
    }
  }
}
// Not messages at all.
const any = validator.compile(asyncMessages(doc).find((x) => x.type === 'time.ping').payloadRef);
add(any, 'unknown type', { type: 'playback.rewind', data: {} });
add(any, 'no type', { data: { t0: 1 } });
writeFileSync(out, `${JSON.stringify({ cases }, null, 1)}\n`);
console.log(`wrote ${cases.length} cases (${cases.filter((c) => c.accept).length} accepted by the schemas) to ${out}`);
