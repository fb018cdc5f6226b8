// Builds the benchmark's player page (page/) with the workspace's Vite against the client
// library's sources (like the app does) into bench/sync/.build/syncbench.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const webDir = here('../../web/');
const requireWeb = createRequire(`${webDir}package.json`);

/**
 * SYNC_CLIENT_SRC=/path/to/client/src builds against another copy of the client library's
 * sources (tuning experiments on a scratch copy); the default is web/client/src.
 */
export async function buildPage() {
  const clientSrc = process.env.SYNC_CLIENT_SRC ?? `${webDir}client/src`;
  const outDir = process.env.SYNC_PAGE_OUT ?? here('./.build/syncbench');
  const vite = await import(pathToFileURL(requireWeb.resolve('vite')).href);
  await vite.build({
    configFile: false,
    root: here('./page/'),
    base: '/syncbench/',
    logLevel: 'warn',
    resolve: {
      alias: {
        '@streamit/client': `${clientSrc}/index.ts`,
        'hls.js': `${webDir}node_modules/hls.js/dist/hls.mjs`,
      },
    },
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 800 },
  });
  return outDir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await buildPage());
}
