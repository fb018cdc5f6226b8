// A Markdown reference for the AsyncAPI document, generated from it (no offline AsyncAPI HTML
// generator installs from npm without fetching templates at run time). build.mjs appends it to
// the OpenAPI description before Redocly's build-docs renders the page, so /api/v1/docs is one
// reference for REST and WebSocket.
import { deref } from './documents.mjs';

function typeOf(doc, schema) {
  const s = deref(doc, schema) ?? {};
  if (schema?.$ref) return `\`${schema.$ref.split('/').pop()}\``;
  if (s.oneOf) return s.oneOf.map((x) => typeOf(doc, x)).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((e) => `\`${e}\``).join(' \\| ');
  const t = Array.isArray(s.type) ? s.type.join(' \\| ') : s.type ?? 'any';
  if (t === 'array') return `array of ${typeOf(doc, s.items)}`;
  return t;
}

function bounds(doc, schema) {
  const s = deref(doc, schema) ?? {};
  const out = [];
  if (s.minimum !== undefined || s.maximum !== undefined) out.push(`${s.minimum ?? '−∞'}–${s.maximum ?? '∞'}`);
  if (s['x-streamit-max-bytes']) out.push(`${s.minLength ?? 0}–${s['x-streamit-max-bytes']} bytes`);
  else if (s.minLength !== undefined || s.maxLength !== undefined) out.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} chars`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(', ');
}

function fieldTable(doc, schema) {
  const s = deref(doc, schema) ?? {};
  const rows = Object.entries(s.properties ?? {});
  if (rows.length === 0) return '_No fields._\n';
  const required = new Set(s.required ?? []);
  let out = '| field | type | required | bounds | notes |\n|---|---|---|---|---|\n';
  for (const [name, prop] of rows) {
    const d = deref(doc, prop) ?? {};
    const notes = (prop.description ?? d.description ?? '').replace(/\n/g, ' ').replace(/\|/g, '\\|');
    out += `| \`${name}\` | ${typeOf(doc, prop)} | ${required.has(name) ? 'yes' : 'no'} | ${bounds(doc, prop)} | ${notes} |\n`;
  }
  return out;
}

export function asyncapiMarkdown(doc) {
  const channel = Object.values(doc.channels)[0];
  let md = `\n\n# WebSocket: \`${channel.address}\` (AsyncAPI ${doc.asyncapi})\n\n`;
  md += `_Generated at build time from asyncapi.yaml (also served as \`/api/v1/asyncapi.json\`)._\n\n`;
  md += `${doc.info.description}\n\n## Handshake and close codes\n\n${channel.description}\n`;
  const replies = new Map();
  for (const op of Object.values(doc.operations)) {
    if (op.action !== 'receive') continue;
    const key = op.messages[0].$ref.split('/').pop();
    replies.set(key, (op.reply?.messages ?? []).map((m) => deref(doc, doc.components.messages[m.$ref.split('/').pop()].payload).properties.type.const));
  }
  for (const [direction, heading] of [['client', 'Client → server messages'], ['server', 'Server → client messages']]) {
    md += `\n## ${heading}\n`;
    for (const [key, message] of Object.entries(doc.components.messages)) {
      if (message['x-streamit-direction'] !== direction) continue;
      const payload = deref(doc, message.payload);
      md += `\n### \`${message.name}\`\n\n${message.summary ?? ''} ${message.description ?? ''}\n\n`;
      if (direction === 'client') {
        const r = replies.get(key) ?? [];
        md += `Replies: ${r.length ? r.map((t) => `\`${t}\``).join(', ') : 'none'}. `;
        md += `\`data\` ${payload.required?.includes('data') ? 'is required' : 'may be omitted'}.\n\n`;
      }
      md += `\`data\` (schema \`${payload.properties.data.$ref.split('/').pop()}\`):\n\n${fieldTable(doc, payload.properties.data)}\n`;
      for (const example of message.examples ?? [])
        md += `Example:\n\n\`\`\`json\n${JSON.stringify(example.payload)}\n\`\`\`\n`;
    }
  }
  return md;
}
