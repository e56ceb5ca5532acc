// What went wrong with ssh, said so that a person can act on it. ssh reports everything on stderr
// with exit code 255 (any other code is the remote command's own); the lines it writes for the
// usual problems are stable across OpenSSH releases, so they are matched here and turned into one
// sentence naming the host and what to do.

export type SshProblem = 'no_client' | 'unresolvable' | 'refused' | 'unreachable' | 'auth_failed' | 'host_key_unknown' | 'host_key_changed' | 'config' | 'other';

export class SshError extends Error {
  override name = 'SshError';
  constructor(
    readonly problem: SshProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Where ssh looked for known hosts and which keys it offered, from `ssh -v` output, when known. */
export interface SshDiagnostics {
  identitiesTried?: readonly string[];
}

const lastLine = (stderr: string): string =>
  stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('debug'))
    .at(-1) ?? '';

/** The identity files `ssh -v` says it offered or tried ("Offering public key: /x ED25519 SHA256:..", "Trying private key: /x"). */
export function identitiesFromVerbose(verbose: string): string[] {
  const found = new Set<string>();
  for (const match of verbose.matchAll(/debug1: (?:Offering public key|Trying private key|Will attempt key): (\S+)/g)) found.add(match[1]!);
  return [...found];
}

/** The SshError for ssh's stderr after it failed to connect to destination. */
export function describeSshFailure(destination: string, stderr: string, diagnostics: SshDiagnostics = {}): SshError {
  const text = stderr;
  if (/Could not resolve hostname/i.test(text)) {
    return new SshError(
      'unresolvable',
      `host "${destination}" cannot be resolved: check the name, or give it a Host entry with a HostName in ~/.ssh/config (or in the file options.ssh_config names)`,
    );
  }
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text)) {
    const offending = /Offending \S+ key in (\S+):(\d+)/.exec(text);
    const where = offending ? ` (the old key is line ${offending[2]} of ${offending[1]})` : '';
    return new SshError(
      'host_key_changed',
      `the host key of "${destination}" has changed since it was trusted${where}: Session Deck does not connect. If the change is expected (the machine was reinstalled), remove the old key with "ssh-keygen -R <its name>", then connect once with "ssh ${destination}" and check the fingerprint`,
    );
  }
  if (/No \S+ host key is known for|Host key verification failed/i.test(text)) {
    return new SshError(
      'host_key_unknown',
      `the host key of "${destination}" is not known (not in known_hosts): Session Deck never accepts a host key blindly. Connect once with "ssh ${destination}" and check the fingerprint, or add its key to ~/.ssh/known_hosts`,
    );
  }
  if (/Permission denied \(|Too many authentication failures/i.test(text)) {
    const tried = diagnostics.identitiesTried ?? [];
    const which = tried.length > 0 ? `; keys tried: ${tried.join(', ')}` : '; no key was offered (none found, and no agent)';
    return new SshError(
      'auth_failed',
      `"${destination}" refused the login (Session Deck connects without prompts, so a key or an agent must log in${which}): add the key to the host's ~/.ssh/authorized_keys, or name it with IdentityFile in ~/.ssh/config`,
    );
  }
  if (/Connection refused/i.test(text)) return new SshError('refused', `"${destination}" refused the connection: is sshd running there, on the port ~/.ssh/config names?`);
  if (/timed out|No route to host|Network is unreachable|Connection closed by|Connection reset|Broken pipe|Timeout, server/i.test(text)) {
    return new SshError('unreachable', `"${destination}" is unreachable: ${lastLine(text)}`);
  }
  if (/Bad configuration option|Bad owner or permissions|Can't open user config file|\.ssh\/config|line \d+:/i.test(text)) {
    return new SshError('config', `ssh cannot use its configuration for "${destination}": ${lastLine(text)}`);
  }
  return new SshError('other', `ssh to "${destination}" failed: ${lastLine(text) || 'no message (exit code 255)'}`);
}

/** The system has no ssh client at all. */
export const noSshClient = (): SshError =>
  new SshError('no_client', 'no ssh client is installed: Session Deck uses the system\'s OpenSSH client for sessions on other machines (Debian/Ubuntu: apt install openssh-client)');
