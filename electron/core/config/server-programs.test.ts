import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingServerProgram } from './server-programs';

describe('missingServerProgram', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'deck-programs-'));
    await writeFile(join(bin, 'Xvnc'), '#!/bin/sh\n');
    await chmod(join(bin, 'Xvnc'), 0o755);
    await writeFile(join(bin, 'x11vnc'), 'not executable\n');
    await chmod(join(bin, 'x11vnc'), 0o644);
    await writeFile(join(bin, 'tightvncserver'), '#!/bin/sh\n');
    await chmod(join(bin, 'tightvncserver'), 0o755);
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  it('finds an executable program on PATH', () => {
    expect(missingServerProgram({ script: 'xvnc' }, `/nonexistent:${bin}`)).toBeUndefined();
    expect(missingServerProgram({ script: 'vncserver' }, bin)).toBeUndefined();
  });

  it('names the program and the package when it is missing, or not executable', () => {
    expect(missingServerProgram({ script: 'xvnc' }, '/nonexistent')).toBe(
      'Xvnc is not installed on this machine: install the package tigervnc-standalone-server (Fedora/RHEL: tigervnc-server)',
    );
    expect(missingServerProgram({ script: 'x11vnc' }, bin)).toBe('x11vnc is not installed on this machine: install the package x11vnc');
    expect(missingServerProgram({ script: 'xvnc' }, undefined)).toMatch(/^Xvnc is not installed/);
  });

  it('does not judge types that run elsewhere or scripts it does not know', () => {
    expect(missingServerProgram({ script: 'xvnc', remote: { hosts: ['n8'], drain: [], sshOptions: [] } }, '/nonexistent')).toBeUndefined();
    expect(missingServerProgram({ script: 'external' }, '/nonexistent')).toBeUndefined();
    expect(missingServerProgram({ script: './mine.mjs' }, '/nonexistent')).toBeUndefined();
  });
});
