#!/usr/bin/env node
// The one ErrorCode enum of the contract (docs/api/schemas/common.yaml) against the C++ error
// registry (kernel/src/http/error_codes.h for codes and statuses, error_codes.cpp for the order
// of allErrorCodes()): same codes, same order, same HTTP status in x-streamit-http-status; and
// both bundled documents carry exactly that enum. docs/errors.md is held to the same registry
// by tests/http/error_registry_test.cpp.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncapiPath, bundle, commonPath, loadYaml, openapiPath, repoRoot } from './lib/documents.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? resolve(process.argv[i + 1]) : fallback;
};
const header = readFileSync(arg('--header', resolve(repoRoot, 'kernel/src/http/error_codes.h')), 'utf8');
const source = readFileSync(arg('--source', resolve(repoRoot, 'kernel/src/http/error_codes.cpp')), 'utf8');

const byConstant = new Map();
for (const m of header.matchAll(/ErrorCode\s+(k\w+)\s*\{\s*"([A-Z0-9_]+)"\s*,\s*(\d+)/g))
  byConstant.set(m[1], { code: m[2], status: Number(m[3]) });
const list = source.slice(source.indexOf('allErrorCodes'));
const registry = [...list.matchAll(/errors::(k\w+)/g)].map((m) => {
  const entry = byConstant.get(m[1]);
  if (!entry) throw new Error(`error_codes.cpp lists ${m[1]}, which error_codes.h does not define`);
  return entry;
});
if (registry.length === 0) throw new Error('no error codes found in the registry sources');

const problems = [];
const schema = loadYaml(commonPath).components.schemas.ErrorCode;
const documented = schema.enum;
const statuses = schema['x-streamit-http-status'] ?? {};
const codes = registry.map((e) => e.code);
for (const code of codes) if (!documented.includes(code)) problems.push(`${code}: in the registry, missing from the ErrorCode enum`);
for (const code of documented) if (!codes.includes(code)) problems.push(`${code}: in the ErrorCode enum, not in the registry (or not in allErrorCodes())`);
if (problems.length === 0 && codes.join() !== documented.join())
  problems.push(`ErrorCode enum order differs from allErrorCodes(): expected ${codes.join(', ')}`);
for (const { code, status } of registry) {
  if (code in statuses && statuses[code] !== status)
    problems.push(`${code}: x-streamit-http-status says ${statuses[code]}, the registry ${status}`);
  if (!(code in statuses)) problems.push(`${code}: no x-streamit-http-status entry`);
}
for (const code of Object.keys(statuses)) if (!codes.includes(code)) problems.push(`${code}: x-streamit-http-status entry for an unknown code`);
for (const [name, file] of [['openapi', openapiPath], ['asyncapi', asyncapiPath]]) {
  const bundled = bundle(file).components.schemas.ErrorCode;
  if (JSON.stringify(bundled?.enum) !== JSON.stringify(documented)) problems.push(`${name}: its ErrorCode is not the shared enum`);
}
for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`ErrorCode enum matches the registry (${codes.length} codes, statuses included)`);
