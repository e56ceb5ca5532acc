// Which wrapper the vncserver script runs, for what a system has installed.
import { describe, expect, it } from 'vitest';
import { chooseWrapper } from './vncserver-flavour';

const tiger = { name: 'tigervncserver', flavour: 'tigervnc' as const };
const tight = { name: 'tightvncserver', flavour: 'tightvnc' as const };
const generic = (flavour: 'tigervnc' | 'tightvnc' | 'unknown') => ({ name: 'vncserver', flavour });

describe('chooseWrapper', () => {
  it('follows the generic vncserver (the admin\'s alternatives choice) when no flavour is set', () => {
    expect(chooseWrapper([generic('tightvnc'), tiger, tight], undefined)).toEqual({ flavour: 'tightvnc', command: 'vncserver' });
    expect(chooseWrapper([generic('tigervnc'), tiger, tight], undefined)).toEqual({ flavour: 'tigervnc', command: 'vncserver' });
  });

  it('falls back to the flavoured names, TigerVNC first', () => {
    expect(chooseWrapper([tiger, tight], undefined)).toEqual({ flavour: 'tigervnc', command: 'tigervncserver' });
    expect(chooseWrapper([tight], undefined)).toEqual({ flavour: 'tightvnc', command: 'tightvncserver' });
    expect(chooseWrapper([generic('unknown'), tight], undefined)).toEqual({ flavour: 'tightvnc', command: 'tightvncserver' });
  });

  it('runs the requested flavour, by its own name when vncserver is the other one', () => {
    expect(chooseWrapper([generic('tigervnc'), tiger, tight], 'tightvnc')).toEqual({ flavour: 'tightvnc', command: 'tightvncserver' });
    expect(chooseWrapper([generic('tigervnc'), tiger], 'tigervnc')).toEqual({ flavour: 'tigervnc', command: 'vncserver' });
    // An unrecognisable vncserver is trusted to be what the user said, when nothing better exists.
    expect(chooseWrapper([generic('unknown')], 'tigervnc')).toEqual({ flavour: 'tigervnc', command: 'vncserver' });
  });

  it('says what to install, or to set the flavour, or to use xvnc', () => {
    expect(() => chooseWrapper([], undefined)).toThrow(/no vncserver wrapper on PATH.*"xvnc" script/);
    expect(() => chooseWrapper([tiger], 'tightvnc')).toThrow(/install tightvncserver/);
    expect(() => chooseWrapper([generic('unknown')], undefined)).toThrow(/set options\.flavour/);
  });
});
