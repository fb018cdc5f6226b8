// Starts a real kernel for browser tests: the embedded default (SQLite in a temporary
// directory, in-process realtime store), the first-party plugins staged from the build tree,
// the built web app and the offline demo clip, on a free loopback port. Stopped by PID.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(new URL('../../..', import.meta.url).pathname);

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitReady(baseUrl, child, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`kernel exited with ${child.exitCode}`);
    try {
      const reply = await fetch(`${baseUrl}/readyz`);
      if (reply.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`kernel not ready within ${deadlineMs} ms`);
}

/**
 * @param {{ kernel: string, buildDir: string, mediaDir: string, graceS?: number, extraYaml?: string,
 *   extraOrigins?: string[], rootDir?: string, embedOrigins?: string[], vidkingBaseUrl?: string }} opts
 * extraOrigins: more allowed WebSocket origins (e.g. a delaying proxy in front of the kernel);
 * rootDir: serve this directory instead of web/app/dist (it must hold the app's index.html);
 * embedOrigins: web.embed_origins (default: the kernel's); vidkingBaseUrl: provider.vidking's
 * base_url (a local stand-in player). All optional; without them nothing changes.
 */
export async function startKernel(opts) {
  const dir = mkdtempSync(join(tmpdir(), 'streamit-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  execFileSync(join(repoRoot, 'packaging/scripts/make-demo-media.sh'), [opts.mediaDir], { stdio: 'inherit' });
  execFileSync(join(repoRoot, 'packaging/scripts/stage-plugins.sh'), [opts.buildDir, join(dir, 'plugins')], { stdio: 'ignore' });
  execFileSync(join(repoRoot, 'packaging/scripts/write-demo-catalog.sh'), [join(dir, 'catalog.yaml'), baseUrl]);
  const appDir = opts.rootDir ?? join(repoRoot, 'web/app/dist');
  if (!existsSync(join(appDir, 'index.html'))) throw new Error(`no built app in ${appDir} (run packaging/scripts/build-web.sh)`);
  writeFileSync(join(dir, 'streamit.yaml'), `data_dir: ${dir}/data
http: {host: 127.0.0.1, port: ${port}, access_log: false}
log: {level: warn}
auth:
  ws_allowed_origins: ${JSON.stringify([baseUrl, ...(opts.extraOrigins ?? [])])}
rooms: {grace_period_s: ${opts.graceS ?? 60}}
web: {root_dir: ${appDir}, media_dir: ${opts.mediaDir}${opts.embedOrigins ? `, embed_origins: ${JSON.stringify(opts.embedOrigins)}` : ''}}
plugins:
  directories: [${dir}/plugins]
  instances:
    - {id: auth.guest, library: libauth_guest.so, required: true}
    - {id: auth.local, library: libauth_local.so, required: true}
    - {id: provider.direct, library: libprovider_direct.so, required: true, config: {allow_loopback: true}}
    - {id: provider.vidking, library: libprovider_vidking.so, required: true${opts.vidkingBaseUrl ? `, config: {base_url: "${opts.vidkingBaseUrl}"}` : ''}}
    - {id: catalog.local, library: libcatalog_local.so, required: true, config: {file: ${dir}/catalog.yaml}}
${opts.extraYaml ?? ''}`);
  const child = spawn(opts.kernel, ['serve', '--config', join(dir, 'streamit.yaml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk.toString()).slice(-20000);
  });
  try {
    await waitReady(baseUrl, child, 20000);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${error.message}\n${log}`);
  }
  return {
    baseUrl,
    port,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const exited = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
