#!/usr/bin/env node
// The v1 compatibility guard: fails when docs/api (or --new DIR) breaks a client of the frozen
// v1 documents in docs/api/v1-frozen (or --old DIR). Rules: lib/compat.mjs; tests:
// test/compat.test.mjs. A deliberate break goes to /api/v2 (docs/api/README.md).
import { resolve } from 'node:path';
import { apiDir, bundle } from './lib/documents.mjs';
import { compareAsyncapi, compareOpenapi } from './lib/compat.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? resolve(process.argv[i + 1]) : fallback;
};
const oldDir = arg('--old', resolve(apiDir, 'v1-frozen'));
const newDir = arg('--new', apiDir);
const problems = [
  ...compareOpenapi(bundle(resolve(oldDir, 'openapi.yaml')), bundle(resolve(newDir, 'openapi.yaml'))).map((p) => `openapi: ${p}`),
  ...compareAsyncapi(bundle(resolve(oldDir, 'asyncapi.yaml')), bundle(resolve(newDir, 'asyncapi.yaml'))).map((p) => `asyncapi: ${p}`),
];
for (const p of problems) console.error(`BREAKING ${p}`);
if (problems.length > 0) {
  console.error(`${problems.length} breaking change(s) against ${oldDir}; see docs/api/README.md ("Breaking changes")`);
  process.exit(1);
}
console.log(`no breaking change against ${oldDir}`);
