// Unit tests of the compatibility rules (lib/compat.mjs): each rule once with a mutation of the
// fixtures — the frozen v1 documents (docs/api/v1-frozen), which do not move with daily edits —
// plus additions that must pass. Run: node --test test/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolve } from 'node:path';
import { apiDir, bundle } from '../lib/documents.mjs';
import { compareAsyncapi, compareOpenapi } from '../lib/compat.mjs';

const baseOpen = bundle(resolve(apiDir, 'v1-frozen/openapi.yaml'));
const baseAsync = bundle(resolve(apiDir, 'v1-frozen/asyncapi.yaml'));

function openapiAfter(mutate) {
  const next = structuredClone(baseOpen);
  mutate(next);
  return compareOpenapi(baseOpen, next);
}
function asyncapiAfter(mutate) {
  const next = structuredClone(baseAsync);
  mutate(next);
  return compareAsyncapi(baseAsync, next);
}
function expectBreak(problems, pattern) {
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got:\n${problems.join('\n') || '(none)'}`);
}
const S = (doc, name) => doc.components.schemas[name];

test('identical documents pass', () => {
  assert.deepEqual(compareOpenapi(baseOpen, structuredClone(baseOpen)), []);
  assert.deepEqual(compareAsyncapi(baseAsync, structuredClone(baseAsync)), []);
});

test('a deliberately broken field fails: Room.code removed from responses', () => {
  const problems = openapiAfter((d) => {
    delete S(d, 'Room').properties.code;
    S(d, 'Room').required = S(d, 'Room').required.filter((r) => r !== 'code');
  });
  expectBreak(problems, /GET \/api\/v1\/rooms\/\{code\} 200 body\.code: response field removed/);
});

test('a deliberately broken field fails: PlaybackState.position_s changed to a string', () => {
  const problems = asyncapiAfter((d) => { S(d, 'PlaybackState').properties.position_s = { type: 'string' }; });
  expectBreak(problems, /room\.snapshot\.data\.playback\.position_s: type narrowed/);
});

test('removed operation', () => {
  expectBreak(openapiAfter((d) => { delete d.paths['/api/v1/rooms/public']; }), /GET \/api\/v1\/rooms\/public: operation removed/);
  expectBreak(openapiAfter((d) => { delete d.paths['/api/v1/rooms/{code}'].delete; }), /DELETE .*operation removed/);
});

test('renaming a path parameter is not a removal', () => {
  assert.deepEqual(openapiAfter((d) => {
    d.paths['/api/v1/providers/{provider}/resolve'] = d.paths['/api/v1/providers/{id}/resolve'];
    delete d.paths['/api/v1/providers/{id}/resolve'];
    d.paths['/api/v1/providers/{provider}/resolve'].post.parameters[0].name = 'provider';
  }).filter((p) => !/parameter path:/.test(p)), []);
});

test('removed message (either direction)', () => {
  expectBreak(asyncapiAfter((d) => { delete d.components.messages.chatKick; }), /client→server chat\.kick: message removed/);
  expectBreak(asyncapiAfter((d) => { delete d.components.messages.participantCount; }), /server→client participant\.count: message removed/);
});

test('removed response field and required → optional', () => {
  expectBreak(asyncapiAfter((d) => { delete S(d, 'ChatMessage').properties.ts_ms; }), /ts_ms: response field removed/);
  expectBreak(asyncapiAfter((d) => { S(d, 'Participant').required = ['session_id']; }), /is_host: response field no longer always present/);
});

test('narrowed type', () => {
  expectBreak(openapiAfter((d) => { S(d, 'Room').properties.grace_deadline_ms = { type: 'integer' }; }), /grace_deadline_ms: type narrowed from integer\|null to integer/);
  expectBreak(asyncapiAfter((d) => { S(d, 'PlaybackSeekData').properties.position_s = { type: 'integer', minimum: 0, maximum: 10000000 }; }), /playback\.seek\.data\.position_s: type narrowed from number to integer/);
});

test('widened response type (a field that becomes nullable)', () => {
  expectBreak(openapiAfter((d) => { S(d, 'Room').properties.title = { type: ['string', 'null'] }; }), /title: response type widened with null/);
});

test('narrowed enum (request and response)', () => {
  expectBreak(openapiAfter((d) => {
    d.paths['/api/v1/rooms/public'].get.parameters.find((p) => p.name === 'sort').schema.enum = ['viewers', 'newest'];
  }), /parameter query:sort: enum narrowed, "title" removed/);
  expectBreak(asyncapiAfter((d) => { S(d, 'ErrorCode').enum = S(d, 'ErrorCode').enum.filter((c) => c !== 'MUTED'); }), /error\.data\.code: enum narrowed, "MUTED" removed/);
});

test('tightened request bounds', () => {
  expectBreak(asyncapiAfter((d) => { S(d, 'ChatSendData').properties.text.maxLength = 500; }), /chat\.send\.data\.text: maxLength tightened from 1000 to 500/);
  expectBreak(openapiAfter((d) => {
    d.paths['/api/v1/rooms/public'].get.parameters.find((p) => p.name === 'page_size').schema.maximum = 50;
  }), /page_size: maximum tightened/);
});

test('new required request field or parameter', () => {
  expectBreak(openapiAfter((d) => {
    const body = d.paths['/api/v1/rooms'].post.requestBody.content['application/json'].schema;
    body.properties.is_public = { type: 'boolean' };
    body.required = ['title', 'is_public'];
  }), /POST \/api\/v1\/rooms request body\.is_public: new required request field/);
  expectBreak(asyncapiAfter((d) => { S(d, 'PlaybackPlayData').required = ['position_s']; }), /playback\.play\.data\.position_s: new required request field/);
  expectBreak(openapiAfter((d) => {
    d.paths['/api/v1/rooms/public'].get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
  }), /new required parameter query:region/);
  expectBreak(asyncapiAfter((d) => { S(d, 'RoomResyncMessage').required = ['type', 'data']; }), /room\.resync\.data: new required request field/);
});

test('request field removed where unknown fields are refused', () => {
  expectBreak(asyncapiAfter((d) => { delete S(d, 'PlaybackSeekData').properties.expected_version; }), /expected_version: request field removed/);
});

test('changed status semantics', () => {
  expectBreak(openapiAfter((d) => { delete d.paths['/api/v1/rooms'].post.responses['201']; d.paths['/api/v1/rooms'].post.responses['200'] = baseOpen.paths['/api/v1/rooms'].post.responses['201']; }), /POST \/api\/v1\/rooms: status 201 removed/);
  expectBreak(openapiAfter((d) => {
    d.paths['/api/v1/rooms/{code}'].delete.responses['403'] = { ...d.components.responses.Forbidden };
  }), /DELETE \/api\/v1\/rooms\/\{code\}: NOT_HOST is no longer answered with status 403/);
  expectBreak(asyncapiAfter((d) => { d.operations.receivePlaybackSeek.reply.messages = [{ $ref: '#/channels/room/messages/error' }]; }), /playback\.seek: no longer answered with playback\.state/);
});

test('stricter auth', () => {
  expectBreak(openapiAfter((d) => { d.paths['/api/v1/rooms/public'].get.security = [{ bearerAuth: [] }]; }), /now requires authentication/);
  expectBreak(openapiAfter((d) => { d.paths['/api/v1/rooms/{code}'].get.security = [{ bearerAuth: ['room:admin'] }]; }), /stricter than before/);
});

test('removed close code', () => {
  expectBreak(asyncapiAfter((d) => { d.channels.room['x-streamit-close-codes'] = d.channels.room['x-streamit-close-codes'].filter((c) => c.code !== 4003); }), /close code 4003 removed/);
});

test('additions pass: operation, optional request field, response field, enum value, message, status, close code', () => {
  assert.deepEqual(openapiAfter((d) => {
    d.paths['/api/v1/rooms/{code}/invite'] = { post: structuredClone(d.paths['/api/v1/rooms'].post) };
    d.paths['/api/v1/rooms'].post.requestBody.content['application/json'].schema.properties.tags = { type: 'array', items: { type: 'string' } };
    S(d, 'Room').properties.language = { type: 'string' };
    S(d, 'Room').required.push('language');
    S(d, 'ErrorCode').enum.push('ROOM_FULL');
    d.paths['/api/v1/rooms/{code}'].get.responses['429'] = structuredClone(d.components.responses.RateLimited);
    d.paths['/api/v1/rooms/public'].get.parameters.push({ name: 'region', in: 'query', schema: { type: 'string' } });
  }), []);
  assert.deepEqual(asyncapiAfter((d) => {
    d.components.messages.roomRename = structuredClone(d.components.messages.chatState);
    d.components.schemas.ChatStateMessage2 = structuredClone(S(d, 'ChatStateMessage'));
    S(d, 'ChatStateMessage2').properties.type.const = 'room.rename';
    d.components.messages.roomRename.payload = { $ref: '#/components/schemas/ChatStateMessage2' };
    S(d, 'PlaybackSeekData').properties.reason = { type: 'string' };
    S(d, 'PlaybackSeekData').properties.position_s.maximum = 20000000;
    S(d, 'ErrorCode').enum.push('ROOM_FULL');
    d.channels.room['x-streamit-close-codes'].push({ code: 4004, name: 'room full' });
    d.operations.receivePlaybackSeek.reply.messages.push({ $ref: '#/channels/room/messages/ack' });
  }), []);
});
