// The part of a new session's resources on another machine: the connection to its host, made
// before the script starts (the session's files removed again if it cannot be made), and the host
// as the script sees it. Apart from session-resources.ts, which holds what every session owns here.
import { rm } from 'node:fs/promises';
import type { SessionResources } from '../../../scripts/api';
import type { RemoteRecord } from '../remote/remote-record';
import { RemoteSession } from '../remote/remote-session';
import type { RemotePlacement } from '../remote/ssh-placement';
import type { SessionLog } from '../util/session-log';
import { SESSION_MARKER, sessionEnvironment } from './session-environment';

/** What connecting needs of a session's options (SessionResourcesOptions, whose comments say what each is). */
export interface RemoteStartOptions {
  id: string;
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  remote?: { destination: string; placement: RemotePlacement };
  onConnecting?: () => void;
  onSpawned?: () => void;
  keepRemoteLeftover?: (sessionId: string, record: RemoteRecord) => void;
}

/** Connects to the session's host; on failure the session's files are removed and the error says why. */
export async function openRemote(options: RemoteStartOptions, scratchDir: string, passwordFile: string, log: SessionLog): Promise<RemoteSession> {
  const { destination, placement } = options.remote!;
  options.onConnecting?.();
  const remote = new RemoteSession({
    sessionId: options.id,
    destination,
    placement,
    scratchDir,
    passwordFile,
    logFd: log.fd,
    // An agent's socket is what ssh needs beyond the session's environment.
    env: { ...sessionEnvironment(options.env), ...(options.env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: options.env.SSH_AUTH_SOCK } : {}), [SESSION_MARKER]: options.id },
    stopGraceMs: options.stopGraceMs,
    log: (line) => log.line(line),
    onChange: () => options.onSpawned?.(),
    onLeftover: (record) => options.keepRemoteLeftover?.(options.id, record),
  });
  log.line(`connecting to ${destination}`);
  try {
    await remote.open();
    return remote;
  } catch (error) {
    log.line(`cannot start on ${destination}: ${(error as Error).message}`);
    await remote.release();
    log.close();
    await rm(scratchDir, { recursive: true, force: true });
    throw error;
  }
}

/** The host as the script sees it, telling the start steps when it forwards. */
export function forwardingStep(remote: RemoteSession, options: { onForwarding?: () => void }): SessionResources['host'] {
  const host = remote.host;
  return {
    ...host,
    forward: (target) => {
      options.onForwarding?.();
      return host.forward(target);
    },
  };
}
