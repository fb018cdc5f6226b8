#!/usr/bin/env node
// Lints the contract documents. `node lint.mjs openapi` runs `redocly lint` (config
// redocly.yaml, exceptions with reasons in .redocly.lint-ignore.yaml) and fails on any problem,
// warnings included. `node lint.mjs asyncapi` validates asyncapi.yaml with @asyncapi/parser and
// fails on any diagnostic of warning level or above, then checks every message example against
// its payload schema. No argument: both.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, fromFile } from '@asyncapi/parser';
import { asyncapiPath, bundle, openapiPath } from './lib/documents.mjs';
import { makeValidator } from './lib/validator.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const redocly = resolve(here, '../node_modules/.bin/redocly');

function lintOpenapi() {
  const run = spawnSync(redocly, ['lint', '--config', resolve(here, 'redocly.yaml'), '--format=stylish', openapiPath], {
    cwd: here, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const problems = output.split('\n').filter((line) => /\b(error|warning)\b\s+\S+/.test(line) && /^\s+\d+:\d+/.test(line));
  if (run.status !== 0 || problems.length > 0) {
    console.error(output);
    console.error(`openapi: redocly lint reported ${problems.length} problem(s) (exit ${run.status})`);
    return false;
  }
  console.log('openapi: redocly lint clean');
  return true;
}

async function lintAsyncapi() {
  const parser = new Parser();
  const { document, diagnostics } = await fromFile(parser, asyncapiPath).parse();
  // DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint. The only information-level
  // diagnostic today is "asyncapi-latest-version" (3.1 exists); v1 is frozen on 3.0 on purpose.
  const serious = diagnostics.filter((d) => d.severity <= 1);
  for (const d of diagnostics)
    console.log(`asyncapi: ${['error', 'warning', 'info', 'hint'][d.severity]} ${d.code}: ${d.message} at ${JSON.stringify(d.path)}`);
  if (!document || serious.length > 0) {
    console.error(`asyncapi: ${serious.length} diagnostic(s) of warning level or above`);
    return false;
  }
  // Examples must match their payloads (the parser does not check this).
  const doc = bundle(asyncapiPath);
  const validator = makeValidator(doc, 'asyncapi');
  let ok = true;
  let count = 0;
  for (const [key, message] of Object.entries(doc.components.messages)) {
    const validate = validator.compile(message.payload.$ref);
    if (!message.examples?.length) {
      console.error(`asyncapi: message ${key} has no example`);
      ok = false;
    }
    for (const example of message.examples ?? []) {
      ++count;
      if (!validate(example.payload)) {
        console.error(`asyncapi: example ${example.name} of ${key} does not match its payload: ${validator.errorsText(validate.errors)}`);
        ok = false;
      }
    }
  }
  if (ok) console.log(`asyncapi: parser clean, ${count} examples match their payloads`);
  return ok;
}

const which = process.argv[2] ?? 'all';
let ok = true;
if (which === 'openapi' || which === 'all') ok = lintOpenapi() && ok;
if (which === 'asyncapi' || which === 'all') ok = (await lintAsyncapi()) && ok;
process.exit(ok ? 0 : 1);
