// Resolves a session type's `script` to a module: a built-in by name (imported here, trusted), or
// a user's module by path (relative to the sessions file), which runs in a process of its own
// (script-modules.ts) so that it cannot exit, hang or crash the host. Both must export realizeService.
import { isAbsolute, resolve } from 'node:path';
import type { RealizeService } from '../../../scripts/api';
import { ScriptLoadError } from './module-host';
import { isPythonScript, loadPythonModule } from './python-modules';
import { loadUserModule } from './script-modules';

export { ScriptLoadError };

const BUILT_IN_SCRIPTS: Record<string, () => Promise<unknown>> = {
  xvnc: () => import('../../../scripts/xvnc'),
  vncserver: () => import('../../../scripts/vncserver'),
  x11vnc: () => import('../../../scripts/x11vnc'),
  external: () => import('../../../scripts/external'),
  slurm: () => import('../../../scripts/slurm'),
};

export const builtInScriptNames = (): string[] => Object.keys(BUILT_IN_SCRIPTS);

/** A path has a slash or a module extension (.py: a Nexus-style Python script); anything else names a built-in. */
export const isScriptPath = (script: string): boolean => script.includes('/') || /\.(m?js|cjs|py)$/.test(script);

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
  return isPythonScript(path) ? loadPythonModule(path) : loadUserModule(path);
}
