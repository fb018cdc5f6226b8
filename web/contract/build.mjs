#!/usr/bin/env node
// Builds what the kernel serves: node build.mjs OUTDIR writes OUTDIR/openapi.json and
// OUTDIR/asyncapi.json (bundled, self-contained) and OUTDIR/reference.html (Redocly
// build-docs from the OpenAPI document, with a WebSocket section generated from the AsyncAPI
// document appended to its description) and OUTDIR/asyncapi-reference.html (build-docs from
// the AsyncAPI document). The web build runs it with web/app/dist/api.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncapiPath, bundle, openapiPath } from './lib/documents.mjs';
import { asyncapiMarkdown } from './lib/async-markdown.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node build.mjs OUTDIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const openapi = bundle(openapiPath);
const asyncapi = bundle(asyncapiPath);
writeFileSync(join(outDir, 'openapi.json'), `${JSON.stringify(openapi, null, 2)}\n`);
writeFileSync(join(outDir, 'asyncapi.json'), `${JSON.stringify(asyncapi, null, 2)}\n`);

function buildDocs(input, name, title) {
  const run = spawnSync(resolve(here, '../node_modules/.bin/redocly'),
    ['build-docs', input, '--output', resolve(outDir, name), '--title', title, '--inlineBundle'],
    { cwd: here, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'streamit-contract-'));
try {
  const page = structuredClone(openapi);
  page.info.description += asyncapiMarkdown(asyncapi);
  const input = join(work, 'openapi.json');
  writeFileSync(input, JSON.stringify(page));
  // --inlineBundle: the page works offline (self-hosted kernels need not reach Redocly's CDN).
  buildDocs(input, 'reference.html', 'StreamIt API v1 reference');
  // Redocly's build-docs also renders AsyncAPI 3: the WebSocket reference on its own page.
  buildDocs(resolve(outDir, 'asyncapi.json'), 'asyncapi-reference.html', 'StreamIt room WebSocket v1 reference');
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`wrote openapi.json, asyncapi.json, reference.html, asyncapi-reference.html in ${outDir}`);
