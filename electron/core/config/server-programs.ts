// The programs the built-in scripts run on this machine, and the package that brings them. An
// installation that carries none of them (an AppImage, the host package on a bare system) then
// says what to install beside the type, before anyone presses Start, instead of failing the start.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { SessionTypeConfig } from './session-types';

interface Need {
  /** Any one of these on PATH will do. */
  programs: readonly string[];
  install: string;
}

const NEEDS: Readonly<Record<string, Need>> = {
  xvnc: { programs: ['Xvnc'], install: 'tigervnc-standalone-server (Fedora/RHEL: tigervnc-server)' },
  vncserver: { programs: ['vncserver', 'tigervncserver', 'tightvncserver'], install: 'tigervnc-standalone-server or tightvncserver' },
  x11vnc: { programs: ['x11vnc'], install: 'x11vnc' },
};

function onPath(program: string, path: string): boolean {
  return path.split(delimiter).some((dir) => {
    if (dir === '') return false;
    const file = join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Why no session of this type can start on this machine because its server program is missing,
 * or undefined. Types whose sessions run elsewhere (SSH hosts) and users' own scripts are not judged.
 */
export function missingServerProgram(config: Pick<SessionTypeConfig, 'script' | 'remote'>, path: string | undefined): string | undefined {
  const need = NEEDS[config.script];
  if (!need || config.remote) return undefined;
  if (need.programs.some((program) => onPath(program, path ?? ''))) return undefined;
  const names = need.programs.length === 1 ? need.programs[0] : need.programs.join(' or ');
  return `${names} is not installed on this machine: install the package ${need.install}`;
}
