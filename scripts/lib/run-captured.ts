// Runs a short-lived command (a wrapper script, a probe) as a session helper and hands back its
// output. spawn() sends output to the session log only, so the command's stdout and stderr are
// redirected by a shell into a file in the session's scratch directory, read back, copied into
// the session log line by line, and removed.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionResources } from '../api';

export interface CapturedRun {
  code: number | null;
  signal: string | null;
  output: string;
}

export interface RunCapturedOptions {
  env?: Record<string, string>;
  /** Ends the command (and its process group) after this long; the run then rejects. */
  timeoutMs: number;
  /** Prefix of the copied log lines. */
  label: string;
  /** Log neither the command nor its output (a status poll that runs every few seconds). */
  quiet?: boolean;
}

let runs = 0;

// "$0" is the output file; everything after it is the command and its arguments, never re-parsed.
const REDIRECT = 'out=$0; exec "$@" >"$out" 2>&1';

export async function runCaptured(
  session: SessionResources,
  command: string,
  args: readonly string[],
  options: RunCapturedOptions,
): Promise<CapturedRun> {
  const outFile = join(session.scratchDir, `run-${process.pid}-${++runs}.out`);
  if (!options.quiet) session.log(`${options.label}: ${[command, ...args].join(' ')}`); // no secrets ever go on command lines
  const child = session.spawn('/bin/sh', ['-c', REDIRECT, outFile, command, ...args], {
    role: 'helper',
    ...(options.env ? { env: options.env } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const exit = await Promise.race([child.exited, timedOut]);
    const output = await readFile(outFile, 'utf8').catch(() => '');
    if (!options.quiet) for (const line of output.split('\n')) if (line.trim() !== '') session.log(`${options.label}: ${line}`);
    if (exit === 'timeout') {
      await child.terminate();
      throw new Error(`${options.label} did not finish within ${options.timeoutMs} ms`);
    }
    return { ...exit, output };
  } finally {
    clearTimeout(timer);
    await rm(outFile, { force: true });
  }
}
