// Reads a page's player against the room state it holds: the expected position comes from the
// page's own RoomConnection (server state + its synced clock), the actual one from the
// <video> element inside the player container.
export async function playerSample(page) {
  return page.evaluate(() => {
    const s = window.__streamit;
    const video = document.querySelector('[data-testid="player"] video');
    if (!s?.connection?.playback || !video) return null;
    const p = s.connection.playback;
    const now = s.connection.clock.serverNow();
    const elapsed = p.status === 'playing' ? Math.max(0, now - p.ref_server_ms) / 1000 : 0;
    return {
      status: p.status,
      version: p.version,
      epoch: p.epoch,
      expected: p.position_s + elapsed * p.rate,
      actual: video.currentTime,
      paused: video.paused,
      src: video.currentSrc,
    };
  });
}

// Waits until the page's player is within `toleranceS` of where the room says it should be,
// in the given status, for `stableSamples` samples in a row. Returns the last sample.
export async function waitInSync(page, { status, toleranceS = 0.25, timeoutMs = 20000, stableSamples = 3, minVersion = 0 }) {
  const end = Date.now() + timeoutMs;
  let inRow = 0;
  let last = null;
  while (Date.now() < end) {
    last = await playerSample(page);
    const ok =
      last &&
      last.status === status &&
      last.version >= minVersion &&
      Math.abs(last.expected - last.actual) <= toleranceS &&
      last.paused === (status === 'paused');
    inRow = ok ? inRow + 1 : 0;
    if (inRow >= stableSamples) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`player not in sync (${status}, ±${toleranceS}s) within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
