// Builds everything into dist/: the renderer with Vite, the node-side entry points with esbuild,
// after writing the published JSON schemas from the code's own (scripts/dev/generate-schemas.mjs).
//   dist/renderer/        the UI (loaded from file:// by Electron, served by the headless host)
//   dist/renderer/share/  the page a share link opens (served by the host without a login)
//   dist/host/cli.js      the headless host
//   dist/main/index.js    Electron's main process (ESM)
//   dist/{host,main}/script-runner.mjs  the process a user's script module runs in, forked by the
//                         engine from beside its bundle (electron/core/script-host/module-host.ts)
//   dist/{host,main}/python/  the runner of Nexus-style Python scripts and their base module
//                         (electron/core/script-host/python-modules.ts)
//   dist/preload/index.cjs  the sandboxed preload (must be a single CommonJS file)
import { build as esbuild } from 'esbuild';
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
process.chdir(root);

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Runtime dependencies stay in node_modules; 'electron' is provided by Electron itself.
  packages: 'external',
};

await import('./generate-schemas.mjs');
await rm('dist', { recursive: true, force: true });
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
await viteBuild({ configFile: 'vite.share.config.ts', logLevel: 'warn' });
await Promise.all([
  esbuild({ ...node, entryPoints: ['electron/headless/cli.ts'], outfile: 'dist/host/cli.js', format: 'esm' }),
  esbuild({ ...node, entryPoints: ['electron/main/index.ts'], outfile: 'dist/main/index.js', format: 'esm' }),
  ...['host', 'main'].map((dir) =>
    esbuild({ ...node, entryPoints: ['electron/core/script-host/script-runner.mjs'], outfile: `dist/${dir}/script-runner.mjs`, format: 'esm' }),
  ),
  ...['host', 'main'].map((dir) => cp('electron/core/script-host/python', `dist/${dir}/python`, { recursive: true, filter: (path) => !path.includes('__pycache__') })),
  esbuild({ ...node, entryPoints: ['electron/preload/index.ts'], outfile: 'dist/preload/index.cjs', format: 'cjs', packages: undefined, external: ['electron'] }),
]);
console.log('built dist/');
