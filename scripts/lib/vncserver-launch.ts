// What the vncserver script runs, on this machine or on a session's host alike: the wrapper's
// arguments per flavour, the files its private HOME needs, and what its failure means.
import type { Flavour, Wrapper } from './vncserver-flavour';
import { TIGERVNC_NO_BLACKLIST, type RfbListen } from './rfb-socket';
import { LOOPBACK } from './server-args';

// What the stubs say that replace per-user vncserver where only systemd's vncsession may start
// servers (e.g. Fedora: "vncserver has been replaced by a systemd unit ... deprecated").
const REFUSAL = /vncsession|systemd|has been replaced|deprecated/i;

/** TightVNC's wrapper rounds the width up to a multiple of 4 and the height up to an even number. */
export function tightvncGeometry(width: number, height: number): string {
  return `${Math.ceil(width / 4) * 4}x${Math.ceil(height / 2) * 2}`;
}

export interface WrapperStart {
  display: number;
  listen: RfbListen;
  name: string;
  width: number;
  height: number;
  depth: number;
}

/** The wrapper's arguments. TightVNC's knows no Unix socket: 5900 + display on loopback. */
export function wrapperArgs(flavour: Flavour, o: WrapperStart): string[] {
  switch (flavour) {
    case 'tigervnc':
      return [
        `:${o.display}`,
        '-noxstartup',
        '-autokill', 'no',
        ...(o.listen.kind === 'unix'
          ? ['-rfbport', '-1', '-rfbunixpath', o.listen.path, '-rfbunixmode', '0600']
          : ['-localhost', 'yes', '-interface', LOOPBACK, '-rfbport', String(o.listen.port)]),
        ...TIGERVNC_NO_BLACKLIST,
        '-SecurityTypes', 'VncAuth',
        '-geometry', `${o.width}x${o.height}`,
        '-depth', String(o.depth),
        '-desktop', o.name,
        '-nolisten', 'tcp',
        '-AlwaysShared',
      ];
    case 'tightvnc':
      // The port is always 5900 + display here; the wrapper adds -rfbport itself.
      return [
        `:${o.display}`,
        '-geometry', tightvncGeometry(o.width, o.height),
        '-depth', String(o.depth),
        '-name', o.name,
        '-alwaysshared',
        '-localhost',
        '-nolisten', 'tcp',
      ];
  }
}

const NO_OP_XSTARTUP = '#!/bin/sh\n# Session Deck runs options.command itself.\nexit 0\n';

/**
 * The files the wrapper's HOME needs besides .vnc/passwd: for TightVNC a no-op xstartup, so it
 * does not start /etc/X11/Xsession (it reads $HOME/.vncstartup when its .vnc lies under /tmp,
 * else .vnc/xstartup).
 */
export function homeFiles(flavour: Flavour, home: string): { path: string; text: string; mode: '700' }[] {
  if (flavour !== 'tightvnc') return [];
  return [`${home}/.vnc/xstartup`, `${home}/.vncstartup`].map((path) => ({ path, text: NO_OP_XSTARTUP, mode: '700' as const }));
}

/** The error for a wrapper that failed, from its exit and output. */
export function wrapperFailure(wrapper: Wrapper, run: { code: number | null; signal?: string | null; output: string }, where = 'this system'): Error {
  const lines = run.output.split('\n').filter((line) => line.trim() !== '');
  if (REFUSAL.test(run.output)) {
    return new Error(
      `${wrapper.command} refuses to start a per-user VNC server on ${where} ("${lines[0] ?? ''}"): ` +
        'use the built-in "xvnc" script instead, which starts Xvnc directly',
    );
  }
  const how = run.signal ? `was killed by ${run.signal}` : `exited with code ${run.code}`;
  return new Error(`${wrapper.command} ${how}: ${lines.slice(-5).join(' | ') || 'no output'}`);
}
