// Loading and bundling the contract documents (docs/api). The YAML sources share
// docs/api/schemas/common.yaml; a bundled document has every shared schema copied into its own
// components.schemas, so it is self-contained (what the kernel serves and what ajv and the type
// generators read). The shared file uses the same pointers (#/components/schemas/<Name>) as the
// documents, so copying needs no rewriting.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const apiDir = resolve(repoRoot, 'docs/api');
export const openapiPath = resolve(apiDir, 'openapi.yaml');
export const asyncapiPath = resolve(apiDir, 'asyncapi.yaml');
export const commonPath = resolve(apiDir, 'schemas/common.yaml');

export function loadYaml(file) {
  return YAML.parse(readFileSync(file, 'utf8'));
}

const kLocalSchemaRef = /^#\/components\/schemas\/([^/]+)$/;

function collectRefs(node, out) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, out);
  } else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') out.add(node.$ref);
    for (const value of Object.values(node)) collectRefs(value, out);
  }
  return out;
}

// Returns a deep copy of the document at `file` with external refs to the shared schemas
// resolved. Throws on any other external ref, or a ref to a schema that exists nowhere.
export function bundle(file) {
  const doc = loadYaml(file);
  const base = dirname(file);
  // The shared file next to the document (docs/api/schemas or docs/api/v1-frozen/schemas).
  const sharedPath = resolve(base, 'schemas/common.yaml');
  const common = loadYaml(sharedPath).components.schemas;
  doc.components ??= {};
  const schemas = (doc.components.schemas ??= {});
  for (const [name, schema] of Object.entries(schemas)) {
    if (typeof schema?.$ref !== 'string' || schema.$ref.startsWith('#')) continue;
    const [target, pointer] = schema.$ref.split('#');
    if (resolve(base, target) !== sharedPath)
      throw new Error(`${file}: components.schemas.${name}: only refs into schemas/common.yaml are supported`);
    const m = kLocalSchemaRef.exec(pointer ? `#${pointer}` : '');
    if (!m || !common[m[1]]) throw new Error(`${file}: ${schema.$ref} does not name a shared schema`);
    schemas[name] = structuredClone(common[m[1]]);
  }
  // Shared schemas that the copied ones use (Room → SourceRef, ...) come along.
  for (let changed = true; changed; ) {
    changed = false;
    for (const ref of collectRefs(doc, new Set())) {
      if (!ref.startsWith('#')) throw new Error(`${file}: external $ref ${ref} outside components.schemas`);
      const m = kLocalSchemaRef.exec(ref);
      if (m && !schemas[m[1]]) {
        if (!common[m[1]]) throw new Error(`${file}: ${ref} does not exist`);
        schemas[m[1]] = structuredClone(common[m[1]]);
        changed = true;
      }
    }
  }
  return doc;
}

// RFC 6901 pointer lookup ("#/a/b~1c").
export function resolvePointer(doc, ref) {
  let node = doc;
  for (const raw of ref.replace(/^#\/?/, '').split('/').filter((p) => p !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.[key];
  }
  return node;
}

// Follows $ref chains (local refs only) until a node without $ref.
export function deref(doc, node) {
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 32; ++hops)
    node = resolvePointer(doc, node.$ref);
  return node;
}

// The AsyncAPI messages as a list of {key, type, direction, payload, data} (payload/data are
// schema nodes of the bundled document, possibly $refs).
export function asyncMessages(doc) {
  const out = [];
  for (const [key, message] of Object.entries(doc.components?.messages ?? {})) {
    const payload = deref(doc, message.payload);
    out.push({
      key,
      type: payload?.properties?.type?.const,
      direction: message['x-streamit-direction'],
      payloadRef: message.payload.$ref,
      payload,
    });
  }
  return out;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

// Every operation as {method (upper case), path, operation}.
export function openapiOperations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of httpMethods) {
      if (item[method]) out.push({ method: method.toUpperCase(), path, operation: item[method], pathItem: item });
    }
  }
  return out;
}
