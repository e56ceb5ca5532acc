import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { jobScript, shellQuote } from './job-script';
import { SLURM_SERVERS } from './options';

const input = { jobDir: "/shared/it's here", size: '800x600', depth: 24, name: 'desk', displayBase: 100, displayCount: 3, direct: false };

describe('the job script', () => {
  it('is valid bash for every server', () => {
    for (const server of SLURM_SERVERS) {
      expect(() => execFileSync('bash', ['-n'], { input: jobScript({ ...input, server, command: 'xterm -title "a b"' }) })).not.toThrow();
    }
  });

  it('quotes what it embeds, and never holds the password (the node reads it from the 0600 file)', () => {
    const script = jobScript({ ...input, server: 'xvnc', command: "echo '$(reboot)'" });
    expect(script).toContain(`dir=${shellQuote("/shared/it's here")}`);
    expect(script).toContain(`command='echo '\\''$(reboot)'\\'''`);
    expect(script).toContain('-rfbauth "$dir/passwd"');
    expect(script).toContain('umask 077');
    expect(script).toMatch(/mv -f "\$record\.tmp" "\$record"/);
  });
});
