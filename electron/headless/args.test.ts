import { describe, expect, it } from 'vitest';
import { parseHostArgs, USAGE, UsageError } from './args';

describe('host arguments', () => {
  const env = { XDG_DATA_HOME: '/home/u/.local/share' };

  it('needs --config and fills in defaults', () => {
    expect(parseHostArgs(['--config', '/etc/deck/sessions.json'], env)).toEqual({
      config: '/etc/deck/sessions.json',
      port: 8765,
      dataDir: '/home/u/.local/share/session-deck',
      tokenFile: '/home/u/.local/share/session-deck/access-token',
      open: true,
    });
    expect(() => parseHostArgs([], env)).toThrow('--config FILE is required');
  });

  it('takes the sessions file from CEI_NEXUS_REMOTE_CONFIG when no --config is given', () => {
    const nexus = { ...env, CEI_NEXUS_REMOTE_CONFIG: '/opt/nexus/remote_session_config.json' };
    expect(parseHostArgs([], nexus).config).toBe('/opt/nexus/remote_session_config.json');
    expect(parseHostArgs(['--config', '/mine.json'], nexus).config).toBe('/mine.json');
    expect(() => parseHostArgs([], { ...env, CEI_NEXUS_REMOTE_CONFIG: '' })).toThrow('--config FILE is required (or CEI_NEXUS_REMOTE_CONFIG naming the sessions file)');
  });

  it('takes --flag value and --flag=value', () => {
    expect(
      parseHostArgs(['--config=/c.json', '--port', '0', '--bridge-port=6100', '--token-file', '/t', '--hooks', '/h.json', '--renderer-dir=/r', '--no-open'], env),
    ).toEqual({
      config: '/c.json',
      port: 0,
      bridgePort: 6100,
      dataDir: '/home/u/.local/share/session-deck',
      tokenFile: '/t',
      hooksFile: '/h.json',
      rendererDir: '/r',
      open: false,
    });
  });

  it('--help asks for the usage, which lists every flag', () => {
    expect(() => parseHostArgs(['--help'], env)).toThrow(new UsageError(''));
    expect(() => parseHostArgs(['-h'], env)).toThrow(new UsageError(''));
    for (const flag of ['--config', '--port', '--bridge-port', '--data-dir', '--token-file', '--hooks', '--renderer-dir', '--no-open', '--help']) {
      expect(USAGE).toContain(`  ${flag}`);
    }
    expect(USAGE).toContain('do not open the UI in a browser window');
  });

  it.each([
    [['--config', 'c', '--port', 'http'], '--port: expected 0-65535, found http'],
    [['--config', 'c', '--port', '70000'], '--port: expected 0-65535, found 70000'],
    [['--config', 'c', '--verbose'], 'unknown option --verbose'],
    [['--config', 'c', '-v'], 'unknown option -v'],
    [['--config'], '--config needs a value'],
    [['--config', '--port', '1'], '--config needs a value'],
    [['--config='], '--config needs a value'],
    [['--config', 'c', 'extra'], 'unexpected argument extra'],
    [['--config', 'c', '--no-open=yes'], "Option '--no-open' does not take an argument"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseHostArgs(argv, env)).toThrow(new UsageError(message));
  });
});
