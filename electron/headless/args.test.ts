import { describe, expect, it } from 'vitest';
import { parseHostArgs, UsageError } from './args';

describe('host arguments', () => {
  const env = { XDG_DATA_HOME: '/home/u/.local/share' };

  it('needs --config and fills in defaults', () => {
    expect(parseHostArgs(['--config', '/etc/deck/sessions.json'], env)).toEqual({
      config: '/etc/deck/sessions.json',
      port: 8765,
      dataDir: '/home/u/.local/share/session-deck',
      tokenFile: '/home/u/.local/share/session-deck/access-token',
    });
    expect(() => parseHostArgs([], env)).toThrow('--config FILE is required');
  });

  it('takes --flag value and --flag=value', () => {
    expect(parseHostArgs(['--config=/c.json', '--port', '0', '--bridge-port=6100', '--token-file', '/t', '--hooks', '/h.json'], env)).toEqual({
      config: '/c.json',
      port: 0,
      bridgePort: 6100,
      dataDir: '/home/u/.local/share/session-deck',
      tokenFile: '/t',
      hooksFile: '/h.json',
    });
  });

  it.each([
    [['--config', 'c', '--port', 'http'], '--port: expected 0-65535, found http'],
    [['--config', 'c', '--port', '70000'], '--port: expected 0-65535, found 70000'],
    [['--config', 'c', '--verbose'], 'unknown option --verbose'],
    [['--config'], '--config needs a value'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseHostArgs(argv, env)).toThrow(new UsageError(message));
  });
});
