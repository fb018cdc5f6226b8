// T12: a whole watch party in real Chromium against a real kernel. One host and two guests in
// separate browser contexts: sign in, create a public room, pick the offline demo clip, join
// from the directory and by the share link, play/seek/pause reach both guests' <video>, chat
// both ways, chat off, a kick, a guest offline and back, the host leaves (GRACE) and returns
// (LIVE). Screenshots of the main screens go to docs/screenshots/ (README shows them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startKernel, repoRoot } from '../support/kernel.mjs';
import { launchChromium } from '../support/browser.mjs';
import { playerSample, waitInSync } from '../support/sync.mjs';

const buildDir = process.env.STREAMIT_BUILD_DIR ?? join(repoRoot, 'build');
const shots = process.env.STREAMIT_SCREENSHOTS ?? join(repoRoot, 'docs/screenshots');
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

let kernel;
let browser;
const party = {};

async function newMember(name, viewport) {
  const context = await browser.newContext({ viewport, baseURL: kernel.baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  party[name] = { context, page, problems };
  return party[name];
}

async function signIn(page, name) {
  await page.getByTestId('guest-name').fill(name);
  await page.getByTestId('guest-submit').click();
  await page.getByTestId('signed-in-user').filter({ hasText: name }).waitFor();
}

async function shot(page, file) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, file) });
}

function chatLine(page, text) {
  return page.getByTestId('chat-message').filter({ hasText: text });
}

before(async () => {
  kernel = await startKernel({
    kernel: process.env.STREAMIT_KERNEL ?? join(buildDir, 'kernel/streamit'),
    buildDir,
    mediaDir: process.env.STREAMIT_DEMO_MEDIA ?? join(buildDir, 'demo-media'),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await kernel?.stop();
});

test('a watch party from sign-in to the host coming back', { timeout: 360000 }, async (t) => {
  let code;
  let shareUrl;

  await t.test('the host signs in and creates a public room', async () => {
    const { page } = await newMember('host', desktop);
    await page.goto('/');
    await page.getByTestId('guest-name').waitFor();
    await shot(page, 'sign-in.png');
    await signIn(page, 'Hana');
    await page.getByTestId('create-title').fill('Movie night');
    await page.getByTestId('create-public').check();
    await page.getByTestId('create-submit').click();
    await page.waitForURL(/\/r\/[23456789A-Z]{10}$/);
    code = new URL(page.url()).pathname.split('/').pop();
    const link = page.getByTestId('share-link');
    shareUrl = (await link.inputValue().catch(() => null)) ?? (await link.textContent());
    assert.match(shareUrl.trim(), new RegExp(`/r/${code}$`));
  });

  await t.test('the host picks the offline demo clip from the catalog', async () => {
    const { page } = party.host;
    await page.getByTestId('catalog-query').fill('StreamIt demo');
    await page.getByTestId('catalog-submit').click();
    const item = page.getByTestId('catalog-item').filter({ hasText: 'StreamIt demo clip' }).first();
    await item.waitFor();
    await shot(page, 'catalog.png');
    await item.getByTestId('catalog-play').click();
    await page.waitForFunction(() => window.__streamit?.connection?.playback?.source?.url?.includes('/media/demo/'));
    await page.locator('[data-testid="player"] video').waitFor();
  });

  await t.test('a guest joins from the public directory', async () => {
    const { page } = await newMember('ada', desktop);
    await page.goto('/');
    await signIn(page, 'Ada');
    const entry = page.getByTestId('directory-item').filter({ hasText: 'Movie night' });
    await entry.waitFor({ timeout: 20000 });
    await shot(page, 'directory.png');
    await entry.click();
    await page.waitForURL(new RegExp(`/r/${code}$`));
    await page.getByTestId('participant').filter({ hasText: 'Hana' }).waitFor();
  });

  await t.test('another guest opens the share link on a phone', async () => {
    const { page } = await newMember('bo', phone);
    await page.goto(shareUrl.trim());
    await signIn(page, 'Bo');
    await page.getByTestId('participant').filter({ hasText: 'Bo' }).waitFor();
    await page.getByTestId('participant').filter({ hasText: 'Hana' }).waitFor();
    const host = page.getByTestId('participant').filter({ hasText: 'Hana' });
    assert.equal(await host.getAttribute('data-host'), 'true');
    await party.host.page.getByTestId('participant').filter({ hasText: 'Bo' }).waitFor();
  });

  await t.test('play, seek and pause reach both guests', async () => {
    const host = party.host.page;
    await host.getByTestId('play').click();
    for (const name of ['host', 'ada', 'bo']) await waitInSync(party[name].page, { status: 'playing' });
    await shot(host, 'room-host.png');
    await shot(party.bo.page, 'room-phone.png');

    const before = (await playerSample(party.ada.page)).version;
    await host.getByTestId('seek').evaluate((el) => {
      el.value = '60';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    for (const name of ['ada', 'bo']) {
      const s = await waitInSync(party[name].page, { status: 'playing', minVersion: before + 1 });
      assert.ok(s.actual >= 59 && s.actual < 75, `${name} at ${s.actual} after a seek to 60`);
    }

    await host.getByTestId('pause').click();
    for (const name of ['ada', 'bo']) await waitInSync(party[name].page, { status: 'paused' });
    const positions = await Promise.all(['host', 'ada', 'bo'].map(async (n) => (await playerSample(party[n].page)).actual));
    assert.ok(Math.max(...positions) - Math.min(...positions) < 0.25, `paused positions differ: ${positions}`);
    await party.ada.page.getByTestId('drift').waitFor();
  });

  await t.test('chat both ways', async () => {
    await party.ada.page.getByTestId('chat-input').fill('hello from Ada <b>not bold</b>');
    await party.ada.page.getByTestId('chat-send').click();
    await chatLine(party.host.page, 'hello from Ada <b>not bold</b>').waitFor();
    await party.host.page.getByTestId('chat-input').fill('welcome, everyone');
    await party.host.page.getByTestId('chat-input').press('Enter');
    await chatLine(party.ada.page, 'welcome, everyone').waitFor();
    await chatLine(party.bo.page, 'welcome, everyone').waitFor();
    // Plain text, never HTML.
    assert.equal(await party.host.page.locator('[data-testid="chat-message"] b').count(), 0);
  });

  await t.test('the host turns chat off and on again', async () => {
    await party.host.page.getByTestId('chat-toggle').click();
    await party.ada.page.getByTestId('chat-disabled-notice').waitFor();
    await party.host.page.getByTestId('chat-toggle').click();
    await party.ada.page.getByTestId('chat-disabled-notice').waitFor({ state: 'detached' });
    await party.ada.page.getByTestId('chat-input').fill('back on');
    await party.ada.page.getByTestId('chat-send').click();
    await chatLine(party.host.page, 'back on').waitFor();
  });

  await t.test('a guest goes offline and comes back in sync', async () => {
    const { context, page } = party.ada;
    await context.setOffline(true);
    await party.host.page.getByTestId('play').click();  // the room moves on meanwhile
    await page.getByTestId('connection-state').filter({ hasText: /reconnecting/i }).waitFor({ timeout: 20000 });
    await page.waitForTimeout(5000);
    await context.setOffline(false);
    await page.getByTestId('connection-state').waitFor({ state: 'detached', timeout: 30000 });
    await waitInSync(page, { status: 'playing', timeoutMs: 30000 });
    await waitInSync(party.bo.page, { status: 'playing' });
  });

  await t.test('the host kicks a guest', async () => {
    const host = party.host.page;
    await host.getByTestId('participant').filter({ hasText: 'Bo' }).getByTestId('kick').click();
    const confirm = host.getByRole('dialog').getByRole('button', { name: /kick/i });
    if (await confirm.count()) await confirm.click();
    await party.bo.page.getByTestId('error-message').filter({ hasText: /removed|kicked/i }).waitFor();
    await host.getByTestId('participant').filter({ hasText: 'Bo' }).waitFor({ state: 'detached' });
  });

  await t.test('the host leaves: GRACE for the guest; the host returns: LIVE', async () => {
    const host = party.host;
    await host.page.close();
    await party.ada.page.getByTestId('room-state').filter({ hasText: /GRACE|waiting|return/i }).waitFor({ timeout: 20000 });
    await shot(party.ada.page, 'room-grace.png');
    host.page = await host.context.newPage();
    await host.page.goto(`/r/${code}`);
    await party.ada.page.getByTestId('room-state').filter({ hasText: /LIVE/i }).waitFor({ timeout: 20000 });
    // The host's controls are back (the play/pause button shows whichever applies).
    await host.page.locator('[data-testid="pause"], [data-testid="play"]').first().waitFor();
    await waitInSync(party.ada.page, { status: 'playing' });
    await waitInSync(host.page, { status: 'playing' });
  });

  await t.test('an unknown room gets a clear message, not a raw error', async () => {
    const { page } = party.ada;
    await page.goto('/r/ZZZZZZZZZZ');
    const message = page.getByTestId('error-message');
    await message.waitFor();
    const text = await message.textContent();
    assert.match(text, /doesn.t exist|not found/i);
    assert.doesNotMatch(text, /[{}]/);  // never a raw JSON error
    await shot(page, 'unknown-room.png');
  });

  for (const [name, member] of Object.entries(party)) {
    assert.deepEqual(member.problems, [], `${name} page errors`);
  }
});
