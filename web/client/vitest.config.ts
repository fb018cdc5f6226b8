import { defineConfig } from 'vitest/config';

// Node environment on purpose: WebSocket, <video>, iframes and timers are hand-written fakes
// (test/fakes.ts), so the tests exercise our decisions rather than a DOM emulation's quirks.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
  },
});
