// Resolves a session type's `script` to a module: a built-in by name, or a user's module by path
// (relative to the sessions file). Both are checked for the realizeService export.
import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RealizeService } from '../../../scripts/api';

const BUILT_IN_SCRIPTS: Record<string, () => Promise<unknown>> = {
  xvnc: () => import('../../../scripts/xvnc'),
  vncserver: () => import('../../../scripts/vncserver'),
  x11vnc: () => import('../../../scripts/x11vnc'),
  external: () => import('../../../scripts/external'),
};

export const builtInScriptNames = (): string[] => Object.keys(BUILT_IN_SCRIPTS);

/** A path has a slash or a module extension; anything else names a built-in. */
export const isScriptPath = (script: string): boolean => script.includes('/') || /\.(m?js|cjs)$/.test(script);

export class ScriptLoadError extends Error {
  override name = 'ScriptLoadError';
}

function realizeServiceOf(module: unknown, where: string): RealizeService {
  const candidate = module as { realizeService?: unknown; default?: { realizeService?: unknown } } | undefined;
  const realize = candidate?.realizeService ?? candidate?.default?.realizeService;
  if (typeof realize !== 'function') throw new ScriptLoadError(`${where} exports no realizeService function`);
  return realize as RealizeService;
}

/** Loads the module named by `script`; configDir anchors relative paths. */
export async function loadRealizeService(script: string, configDir: string): Promise<RealizeService> {
  if (!isScriptPath(script)) {
    const load = BUILT_IN_SCRIPTS[script];
    if (!load) {
      throw new ScriptLoadError(`unknown script "${script}" (built-in scripts: ${builtInScriptNames().join(', ')}; or a path to a module)`);
    }
    return realizeServiceOf(await load(), `built-in script "${script}"`);
  }
  const path = isAbsolute(script) ? script : resolve(configDir, script);
  try {
    await access(path);
  } catch {
    throw new ScriptLoadError(`script module ${path} does not exist`);
  }
  let module: unknown;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    throw new ScriptLoadError(`script module ${path} failed to load: ${(error as Error).message}`);
  }
  return realizeServiceOf(module, `script module ${path}`);
}
