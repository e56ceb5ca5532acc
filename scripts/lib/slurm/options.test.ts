import { describe, expect, it } from 'vitest';
import { readSlurmOptions } from './options';

describe('the slurm script\'s options', () => {
  it('has defaults for a one-machine cluster', () => {
    expect(readSlurmOptions({})).toEqual({ sbatchArgs: [], server: 'xvnc', direct: false, pollIntervalMs: 2000, displayBase: 100, displayCount: 50, depth: 24 });
  });

  it('names the key, what it expected and what it found', () => {
    expect(() => readSlurmOptions({ partition: 'viz; rm -rf /' })).toThrow('options.partition: expected a Slurm name (letters, digits, _ . , + -), found "viz; rm -rf /"');
    expect(() => readSlurmOptions({ sbatch_args: '--exclusive' })).toThrow('options.sbatch_args: expected a list of non-empty strings');
    expect(() => readSlurmOptions({ time_limit_minutes: 0 })).toThrow('options.time_limit_minutes: expected an integer from 1 to 527040, found 0');
    expect(() => readSlurmOptions({ server: 'tightvnc' })).toThrow('options.server: expected one of "xvnc", "vncserver", "x11vnc", found "tightvnc"');
    expect(() => readSlurmOptions({ submit_host: '-oProxyCommand=evil' })).toThrow('options.submit_host: expected a host name');
    expect(() => readSlurmOptions({ work_dir: 'relative/dir' })).toThrow('options.work_dir: expected an absolute path, found "relative/dir"');
  });
});
