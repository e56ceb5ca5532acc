// Finds the Electron binary (ELECTRON_OVERRIDE_DIST_PATH or a completed install) without running
// the electron package's index.js, which would try to download one. Run directly, it prints the
// path, or exits 1 when there is none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @returns {string | undefined} */
export function findElectronBinary(env = process.env) {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, executable) : join(packageDir, 'dist', executable);
  return existsSync(candidate) ? candidate : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = findElectronBinary();
  if (!binary) process.exit(1);
  console.log(binary);
}
