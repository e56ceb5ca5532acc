// A process a session owns, as the live-registry file records it for recovery after a crash.
import type { ProcessRole } from '../../../scripts/api';
import type { ProcessIdentity } from './process-identity';

export interface PersistedProcess extends ProcessIdentity {
  role: ProcessRole;
  command: string;
}
