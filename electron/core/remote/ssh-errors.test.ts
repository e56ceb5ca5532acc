import { describe, expect, it } from 'vitest';
import { describeSshFailure, identitiesFromVerbose } from './ssh-errors';

describe('describeSshFailure', () => {
  it('names an unresolvable host and where to define it', () => {
    const error = describeSshFailure('n9', 'ssh: Could not resolve hostname n9: Name or service not known\n');
    expect(error.problem).toBe('unresolvable');
    expect(error.message).toContain('"n9" cannot be resolved');
  });

  it('says how to trust an unknown host key, never to switch checking off', () => {
    const error = describeSshFailure('n1', 'No ED25519 host key is known for [127.0.0.2]:4022 and you have requested strict checking.\nHost key verification failed.\n');
    expect(error.problem).toBe('host_key_unknown');
    expect(error.message).toContain('ssh n1');
    expect(error.message).toContain('known_hosts');
  });

  it('tells a changed host key from an unknown one, with the offending line', () => {
    const stderr = '@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nOffending ED25519 key in /root/.ssh/known_hosts:3\nHost key verification failed.\n';
    const error = describeSshFailure('n1', stderr);
    expect(error.problem).toBe('host_key_changed');
    expect(error.message).toContain('line 3 of /root/.ssh/known_hosts');
    expect(error.message).toContain('ssh-keygen -R');
  });

  it('lists the keys tried when the login is refused', () => {
    const verbose = 'debug1: Offering public key: /home/u/.ssh/id_ed25519 ED25519 SHA256:abc\ndebug1: Trying private key: /home/u/.ssh/id_rsa\n';
    const error = describeSshFailure('n1', 'u@127.0.0.2: Permission denied (publickey).\n', { identitiesTried: identitiesFromVerbose(verbose) });
    expect(error.problem).toBe('auth_failed');
    expect(error.message).toContain('/home/u/.ssh/id_ed25519, /home/u/.ssh/id_rsa');
  });

  it('says a refused connection and an unreachable host apart', () => {
    expect(describeSshFailure('n1', 'ssh: connect to host 127.0.0.2 port 22: Connection refused\n').problem).toBe('refused');
    expect(describeSshFailure('n1', 'ssh: connect to host 10.0.0.9 port 22: Connection timed out\n').problem).toBe('unreachable');
  });
});
