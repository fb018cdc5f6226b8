import { describe, expect, it } from 'vitest';
import { describeClose, describeError } from './errors';
import { formatTime, waitText } from './format';
import { extractRoomCode, parseRoute } from './router';
import { parsePastedSource } from './sources';

describe('extractRoomCode', () => {
  it('accepts bare codes, paths and full links, and normalises case', () => {
    expect(extractRoomCode('7kq2mxr9pa')).toBe('7KQ2MXR9PA');
    expect(extractRoomCode(' /r/7KQ2MXR9PA ')).toBe('7KQ2MXR9PA');
    expect(extractRoomCode('http://192.168.1.4:8080/r/7KQ2MXR9PA?x=1')).toBe('7KQ2MXR9PA');
  });
  it('refuses what cannot be a code (ambiguous symbols 0, 1, I, L, O are not in the alphabet)', () => {
    expect(extractRoomCode('hello')).toBeNull();
    expect(extractRoomCode('0000000000')).toBeNull();
    expect(extractRoomCode('https://example.com/r/short')).toBeNull();
  });
});

describe('parseRoute', () => {
  it('maps the app paths', () => {
    expect(parseRoute('/', '')).toEqual({ name: 'home' });
    expect(parseRoute('/r/abcdefghjk/', '')).toEqual({ name: 'room', code: 'ABCDEFGHJK' });
    expect(parseRoute('/search', '?q=bunny')).toEqual({ name: 'search', q: 'bunny' });
    expect(parseRoute('/nope', '')).toEqual({ name: 'notFound', path: '/nope' });
  });
});

describe('parsePastedSource', () => {
  it('routes links and references to their providers', () => {
    expect(parsePastedSource('movie:603')).toEqual({ provider: 'provider.vidking', ref: 'movie:603' });
    expect(parsePastedSource('tv:1399:1:2')).toEqual({ provider: 'provider.vidking', ref: 'tv:1399:1:2' });
    expect(parsePastedSource('https://www.vidking.net/embed/movie/603')).toEqual({ provider: 'provider.vidking', ref: 'movie:603' });
    expect(parsePastedSource('https://cdn.example/v.m3u8')).toEqual({ provider: 'provider.direct', ref: 'https://cdn.example/v.m3u8' });
  });
  it('refuses other schemes and plain words', () => {
    expect(parsePastedSource('javascript:alert(1)')).toBeNull();
    expect(parsePastedSource('file:///etc/passwd')).toBeNull();
    expect(parsePastedSource('some movie')).toBeNull();
  });
});

describe('describeError', () => {
  it('words every case the issue names, with a way forward', () => {
    expect(describeError({ code: 'ROOM_NOT_FOUND' })).toMatchObject({ title: "This room doesn't exist", action: 'home' });
    expect(describeError({ code: 'ROOM_CLOSED' })).toMatchObject({ title: 'This room has ended', action: 'home' });
    expect(describeError({ code: 'NETWORK' })).toMatchObject({ title: "Can't reach the StreamIt server", action: 'retry' });
    expect(describeError({ code: 'TOKEN_EXPIRED' })).toMatchObject({ action: 'signin' });
    expect(describeError({ code: 'RATE_LIMITED', retryAfterMs: 4200 }).message).toContain('5 s');
    expect(describeError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });
  it('never echoes unknown codes as the message', () => {
    expect(describeError({ code: 'SOMETHING_NEW', message: '{"raw":1}' }).message).not.toContain('raw');
  });
});

describe('describeClose', () => {
  it('maps the application close codes', () => {
    expect(describeClose({ code: 4001, reason: '' })?.title).toMatch(/deleted/);
    expect(describeClose({ code: 4002, reason: '' })?.title).toBe('This room has ended');
    expect(describeClose({ code: 4003, reason: '' })?.title).toMatch(/removed/);
    expect(describeClose(null)).toBeNull();
  });
});

describe('format', () => {
  it('formats times and waits', () => {
    expect(formatTime(75.4)).toBe('1:15');
    expect(formatTime(3725)).toBe('1:02:05');
    expect(formatTime(Number.NaN)).toBe('--:--');
    expect(waitText(300_000)).toBe('5 min');
    expect(waitText(298_500)).toBe('4 min 59 s');
    expect(waitText(10)).toBe('1 s');
  });
});
