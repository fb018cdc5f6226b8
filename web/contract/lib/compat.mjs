// Breaking-change detection between two bundled versions of the contract (old = frozen v1,
// new = the working copy). Additions pass; everything that could break a client written
// against the old documents, or a request such a client sends, is reported:
//   - a removed operation, status, response header, media type, parameter or message
//   - a removed or no-longer-always-present response field
//   - a new required request field or parameter, a request field that is now refused
//   - a narrowed type, enum or (request) bound; a widened response type (e.g. now nullable)
//   - an error code or reply that moved away from where clients expect it, stricter auth,
//     a removed close code
// Directions: 'request' schemas describe what clients send (the server must keep accepting
// it); 'response' schemas what clients receive (they must keep understanding it).
import { asyncMessages, deref, httpMethods } from './documents.mjs';

const kAllTypes = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

function typesOf(doc, schema, seen = new Set()) {
  const s = deref(doc, schema);
  if (!s || s === true || seen.has(s)) return new Set(kAllTypes);
  seen.add(s);
  if (s.type) return new Set(Array.isArray(s.type) ? s.type : [s.type]);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const out = new Set();
    for (const b of branches) for (const t of typesOf(doc, b, seen)) out.add(t);
    return out;
  }
  const values = s.const !== undefined ? [s.const] : s.enum;
  if (values) {
    return new Set(values.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array'
      : Number.isInteger(v) ? 'integer' : typeof v)));
  }
  if (s.properties) return new Set(['object']);
  return new Set(kAllTypes);
}

function covers(types, t) {
  return types.has(t) || (t === 'integer' && types.has('number'));
}

// The allowed values when the schema restricts them (enum/const), else null (anything).
function valuesOf(doc, schema) {
  const s = deref(doc, schema);
  if (!s) return null;
  if (s.const !== undefined) return [s.const];
  if (s.enum) return s.enum;
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const out = [];
    for (const b of branches) {
      const v = valuesOf(doc, b);
      if (v === null) {
        // A branch of another type (the null of a nullable enum) does not lift the restriction.
        const bt = typesOf(doc, b);
        if (bt.size === 1 && bt.has('null')) { out.push(null); continue; }
        return null;
      }
      out.push(...v);
    }
    return out;
  }
  return null;
}

// The branch that describes objects / arrays (a nullable object is oneOf [object, null]).
function branchOf(doc, schema, type) {
  const s = deref(doc, schema);
  if (!s) return null;
  const own = s.type ? (Array.isArray(s.type) ? s.type : [s.type]) : s.properties ? ['object'] : [];
  if (own.includes(type)) return s;
  for (const b of s.oneOf ?? s.anyOf ?? []) {
    const found = branchOf(doc, b, type);
    if (found) return found;
  }
  return null;
}

const show = (v) => JSON.stringify(v);

export function compareSchemas(oldDoc, newDoc, oldSchema, newSchema, where, direction, problems, seen = new Set()) {
  const o = deref(oldDoc, oldSchema);
  const n = deref(newDoc, newSchema);
  if (!o || !n || seen.has(o)) return;
  seen.add(o);
  const to = typesOf(oldDoc, o);
  const tn = typesOf(newDoc, n);
  const lost = [...to].filter((t) => !covers(tn, t));
  if (lost.length > 0)
    problems.push(`${where}: type narrowed from ${[...to].join('|')} to ${[...tn].join('|')} (no longer ${lost.join(', ')})`);
  if (direction === 'response') {
    const gained = [...tn].filter((t) => !covers(to, t));
    if (gained.length > 0) problems.push(`${where}: response type widened with ${gained.join(', ')}; clients do not expect it`);
  }
  const vo = valuesOf(oldDoc, o);
  const vn = valuesOf(newDoc, n);
  if (vn !== null) {
    const missing = (vo ?? []).filter((v) => !vn.some((w) => show(w) === show(v)));
    if (vo === null) problems.push(`${where}: now restricted to ${show(vn)} (enum narrowed)`);
    else if (missing.length > 0) problems.push(`${where}: enum narrowed, ${missing.map(show).join(', ')} removed`);
  }
  if (direction === 'request') {
    const tighter = (key, higherIsTighter) => {
      const a = o[key];
      const b = n[key];
      if (b === undefined) return;
      if (a === undefined || (higherIsTighter ? b > a : b < a))
        problems.push(`${where}: ${key} tightened from ${a ?? 'none'} to ${b}`);
    };
    tighter('minimum', true);
    tighter('exclusiveMinimum', true);
    tighter('minLength', true);
    tighter('minItems', true);
    tighter('maximum', false);
    tighter('exclusiveMaximum', false);
    tighter('maxLength', false);
    tighter('maxItems', false);
    tighter('maxProperties', false);
    tighter('x-streamit-max-bytes', false);
    if (n.pattern !== undefined && n.pattern !== o.pattern)
      problems.push(`${where}: pattern changed from ${o.pattern ?? 'none'} to ${n.pattern}`);
  }
  const oo = branchOf(oldDoc, o, 'object');
  const no = branchOf(newDoc, n, 'object');
  if (oo && no) {
    const op = oo.properties ?? {};
    const np = no.properties ?? {};
    const oreq = new Set(oo.required ?? []);
    const nreq = new Set(no.required ?? []);
    if (direction === 'request') {
      for (const name of nreq) {
        if (!oreq.has(name)) problems.push(`${where}.${name}: new required request field`);
      }
      for (const name of Object.keys(op)) {
        if (!(name in np) && no.additionalProperties === false)
          problems.push(`${where}.${name}: request field removed (the server would now refuse it)`);
      }
      if (oo.additionalProperties !== false && no.additionalProperties === false)
        problems.push(`${where}: unknown fields are now refused`);
    } else {
      for (const name of Object.keys(op)) {
        if (!(name in np)) problems.push(`${where}.${name}: response field removed`);
        else if (oreq.has(name) && !nreq.has(name)) problems.push(`${where}.${name}: response field no longer always present`);
      }
    }
    for (const name of Object.keys(op)) {
      if (name in np) compareSchemas(oldDoc, newDoc, op[name], np[name], `${where}.${name}`, direction, problems, seen);
    }
    if (typeof oo.additionalProperties === 'object' && typeof no.additionalProperties === 'object')
      compareSchemas(oldDoc, newDoc, oo.additionalProperties, no.additionalProperties, `${where}.*`, direction, problems, seen);
  }
  const oa = branchOf(oldDoc, o, 'array');
  const na = branchOf(newDoc, n, 'array');
  if (oa?.items && na?.items) compareSchemas(oldDoc, newDoc, oa.items, na.items, `${where}[]`, direction, problems, seen);
}

const templ = (path) => path.replace(/\{[^}]+\}/g, '{}');

function operations(doc) {
  const out = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of httpMethods) {
      if (!item[method]) continue;
      const params = new Map();
      for (const p of [...(item.parameters ?? []), ...(item[method].parameters ?? [])]) {
        const param = deref(doc, p);
        params.set(`${param.in}:${param.in === 'header' ? param.name.toLowerCase() : param.name}`, param);
      }
      out.set(`${method.toUpperCase()} ${templ(path)}`, { path, op: item[method], params });
    }
  }
  return out;
}

function securityOf(doc, op) {
  return op.security ?? doc.security ?? [];
}

export function compareOpenapi(oldDoc, newDoc) {
  const problems = [];
  const olds = operations(oldDoc);
  const news = operations(newDoc);
  for (const [key, old] of olds) {
    const now = news.get(key);
    const at = `${key.split(' ')[0]} ${old.path}`;
    if (!now) {
      problems.push(`${at}: operation removed`);
      continue;
    }
    for (const [pkey, param] of old.params) {
      const next = now.params.get(pkey);
      if (!next) {
        problems.push(`${at}: parameter ${pkey} removed`);
        continue;
      }
      if (!param.required && next.required) problems.push(`${at}: parameter ${pkey} is now required`);
      compareSchemas(oldDoc, newDoc, param.schema, next.schema, `${at} parameter ${pkey}`, 'request', problems);
    }
    for (const [pkey, param] of now.params) {
      if (!old.params.has(pkey) && param.required) problems.push(`${at}: new required parameter ${pkey}`);
    }
    const ob = deref(oldDoc, old.op.requestBody);
    const nb = deref(newDoc, now.op.requestBody);
    if (!ob && nb?.required) problems.push(`${at}: a request body is now required`);
    if (ob && !nb) problems.push(`${at}: request body removed`);
    if (ob && nb) {
      if (!ob.required && nb.required) problems.push(`${at}: the request body is now required`);
      for (const [media, content] of Object.entries(ob.content ?? {})) {
        const next = nb.content?.[media];
        if (!next) problems.push(`${at}: request media type ${media} no longer accepted`);
        else compareSchemas(oldDoc, newDoc, content.schema, next.schema, `${at} request body`, 'request', problems);
      }
    }
    for (const [status, raw] of Object.entries(old.op.responses ?? {})) {
      const response = deref(oldDoc, raw);
      const nextRaw = now.op.responses?.[status];
      if (!nextRaw) {
        problems.push(`${at}: status ${status} removed (changed status semantics)`);
        continue;
      }
      const next = deref(newDoc, nextRaw);
      const oc = response['x-streamit-error-codes'] ?? [];
      const nc = next['x-streamit-error-codes'] ?? [];
      for (const code of oc) {
        if (!nc.includes(code)) problems.push(`${at}: ${code} is no longer answered with status ${status} (changed status semantics)`);
      }
      for (const name of Object.keys(response.headers ?? {})) {
        if (!next.headers?.[name]) problems.push(`${at}: status ${status} no longer sends header ${name}`);
      }
      for (const [media, content] of Object.entries(response.content ?? {})) {
        const nextContent = next.content?.[media];
        if (!nextContent) problems.push(`${at}: status ${status} no longer answers ${media}`);
        else compareSchemas(oldDoc, newDoc, content.schema, nextContent.schema, `${at} ${status} body`, 'response', problems);
      }
    }
    // Stricter auth: every way in that the new version accepts must have been accepted before.
    const os = securityOf(oldDoc, old.op);
    const ns = securityOf(newDoc, now.op);
    const open = (sec) => sec.length === 0 || sec.some((req) => Object.keys(req).length === 0);
    if (open(os) && !open(ns)) problems.push(`${at}: now requires authentication`);
    for (const req of ns) {
      const allowedBefore = os.some((oreq) => Object.entries(req).every(([scheme, scopes]) =>
        scheme in oreq && scopes.every((s) => oreq[scheme].includes(s))));
      if (!open(os) && !allowedBefore && Object.keys(req).length > 0)
        problems.push(`${at}: security requirement ${show(req)} is stricter than before`);
    }
  }
  return problems;
}

export function compareAsyncapi(oldDoc, newDoc) {
  const problems = [];
  const key = (m) => `${m.direction} ${m.type}`;
  const news = new Map(asyncMessages(newDoc).map((m) => [key(m), m]));
  for (const old of asyncMessages(oldDoc)) {
    const now = news.get(key(old));
    const at = `${old.direction === 'client' ? 'client→server' : 'server→client'} ${old.type}`;
    if (!now) {
      problems.push(`${at}: message removed`);
      continue;
    }
    compareSchemas(oldDoc, newDoc, { $ref: old.payloadRef }, { $ref: now.payloadRef }, at,
      old.direction === 'client' ? 'request' : 'response', problems);
  }
  const replies = (doc) => {
    const out = new Map();
    for (const op of Object.values(doc.operations ?? {})) {
      if (op.action !== 'receive') continue;
      // A dangling ref (its message was removed) is reported as a removed message instead.
      const typeOfRef = (ref) => deref(doc, deref(doc, ref)?.payload)?.properties?.type?.const;
      const type = typeOfRef(op.messages[0]);
      if (type) out.set(type, (op.reply?.messages ?? []).map(typeOfRef).filter(Boolean));
    }
    return out;
  };
  const oldReplies = replies(oldDoc);
  const newReplies = replies(newDoc);
  for (const [type, list] of oldReplies) {
    const next = newReplies.get(type);
    if (!next) continue;  // reported as a removed message
    for (const reply of list) {
      if (!next.includes(reply)) problems.push(`client→server ${type}: no longer answered with ${reply}`);
    }
  }
  const closeCodes = (doc) => Object.values(doc.channels ?? {}).flatMap((c) => (c['x-streamit-close-codes'] ?? []).map((x) => x.code));
  const nextCodes = closeCodes(newDoc);
  for (const code of closeCodes(oldDoc)) {
    if (!nextCodes.includes(code)) problems.push(`close code ${code} removed`);
  }
  return problems;
}
