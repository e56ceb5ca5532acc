import { describe, expect, it } from 'vitest';
import { APP_USAGE, AppUsageError, appArgv, parseAppArgs } from './app-args';

describe('app arguments', () => {
  it('takes its flags as --flag value and --flag=value, and lets Chromium switches through', () => {
    expect(parseAppArgs(['--config', 'c.json', '--data-dir=/d', '--hooks', 'h.json', '--kiosk', 'k.json', '--no-sandbox'])).toEqual({
      config: 'c.json',
      dataDir: '/d',
      hooksFile: 'h.json',
      kioskFile: 'k.json',
      hashPin: false,
      noSandbox: true,
      help: false,
    });
    expect(parseAppArgs([])).toEqual({ hashPin: false, noSandbox: false, help: false });
    expect(parseAppArgs(['--hash-pin']).hashPin).toBe(true);
  });

  it('takes the sessions file from CEI_NEXUS_REMOTE_CONFIG when no --config is given', () => {
    const env = { CEI_NEXUS_REMOTE_CONFIG: '/opt/nexus/remote_session_config.json' };
    expect(parseAppArgs([], env).config).toBe('/opt/nexus/remote_session_config.json');
    expect(parseAppArgs(['--config', 'mine.json'], env).config).toBe('mine.json');
    expect(parseAppArgs([], { CEI_NEXUS_REMOTE_CONFIG: '' }).config).toBeUndefined();
  });

  it.each([
    [['--verbose'], 'unknown option --verbose'],
    [['--config'], '--config needs a value'],
    [['--data-dir='], '--data-dir needs a value'],
    [['--kiosk'], '--kiosk needs a value'],
    [['stray'], "Unexpected argument 'stray'. This command does not take positional arguments"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseAppArgs(argv)).toThrow(new AppUsageError(message));
  });

  it('--help lists every flag', () => {
    expect(parseAppArgs(['-h']).help).toBe(true);
    for (const flag of ['--config', '--data-dir', '--hooks', '--kiosk', '--help']) expect(APP_USAGE).toContain(`  ${flag}`);
  });

  it('finds its own arguments after the entry script, or after the packaged executable', () => {
    expect(appArgv(['electron', '--inspect=0', '--remote-debugging-port=0', 'dist/main/index.js', '--config', 'c'], true)).toEqual(['--config', 'c']);
    expect(appArgv(['/opt/session-deck/session-deck', '--kiosk'], false)).toEqual(['--kiosk']);
  });
});
