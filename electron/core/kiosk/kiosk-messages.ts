// What the kiosk's status screen says about a session that ended, by its cause, in words for
// whoever stands at the kiosk.
import type { SessionInfo, TerminationCause } from '../../shared/session';

const BECAUSE: Record<TerminationCause, string> = {
  user_stopped: 'it was stopped',
  last_viewer_left: 'no one was watching it',
  inactivity_timeout: 'no one used it for a while',
  max_duration: 'it reached its time limit',
  server_exited: 'its desktop stopped',
  command_exited: 'its program was closed',
  host_unreachable: 'its machine became unreachable',
  start_failed: 'it could not start',
  start_timeout: 'it took too long to start',
  type_removed: 'its session type was removed',
  manager_shutdown: 'Session Deck is shutting down',
  manager_restarted: 'Session Deck restarted',
  job_ended: 'the cluster ended its job',
};

export function endedMessage(session: SessionInfo): string {
  const cause = session.cause;
  return cause ? `The session ended because ${BECAUSE[cause]}.` : 'The session ended.';
}
