// Which connections the bridge keeps while they have not yet sent their upgrade request ("startups",
// as OpenSSH calls unauthenticated connections). Anyone on this machine can open TCP connections to
// the bridge; without this, a few hundred idle ones would keep every viewer out.
//
// Like OpenSSH's MaxStartups start:rate:full, a new connection makes one startup go with probability
// `rate`% once `start` are waiting, rising linearly to 100% at `full`, so there are never more than
// `full`. Unlike OpenSSH, the one that goes is not always the newcomer: it is one picked at random
// among those that have waited longer than a real viewer takes to send its upgrade (STARTUP_GRACE_MS),
// and the newcomer only when none has. Refusing every newcomer would let whoever holds `full` idle
// sockets (and reopens each one it loses) keep all viewers out; dropping the oldest would let the same
// attacker, reconnecting fast enough, drop every viewer before its upgrade is read. So a viewer's try
// is taken, and kept while it sends its upgrade, however many sockets an attacker holds; and startups
// never take the room under maxConnections that is left for viewers already in.

export interface MaxStartups {
  /** Startups below which no connection is dropped. */
  start: number;
  /** Chance in percent, at `start` startups, that a new connection makes one go; rising linearly to 100 at `full`. */
  rate: number;
  /** Most startups at once. */
  full: number;
}

/** How long a new connection is spared when one must make room: a viewer sends its upgrade at once. */
export const STARTUP_GRACE_MS = 20;

/** The policy for a bridge that takes `maxConnections` sockets at most; `given` is checked. */
export function resolveMaxStartups(given: MaxStartups | undefined, maxConnections: number): MaxStartups {
  const policy = given ?? {
    start: Math.max(1, Math.floor(maxConnections / 8)),
    rate: 30,
    full: Math.max(1, Math.floor(maxConnections / 2)),
  };
  const { start, rate, full } = policy;
  const integer = (value: number) => Number.isInteger(value) && value >= 1;
  if (!integer(start) || !integer(full) || start > full || full > maxConnections || !(rate >= 0 && rate <= 100)) {
    throw new Error(
      `bridge: maxStartups ${start}:${rate}:${full} is invalid: need 1 <= start <= full <= maxConnections (${maxConnections}) and 0 <= rate <= 100`,
    );
  }
  return { start, rate, full };
}

/** Whether a new connection, arriving while `startups` others wait, makes one startup go. */
export function mustMakeRoom(startups: number, policy: MaxStartups, random: () => number = Math.random): boolean {
  if (startups >= policy.full) return true;
  if (startups < policy.start) return false;
  const percent = policy.rate + ((100 - policy.rate) * (startups - policy.start)) / (policy.full - policy.start);
  return random() * 100 < percent;
}

/**
 * The startup that goes to make room: one at random among those waiting since before the grace, or
 * undefined when none has waited that long (then the newcomer goes). `since`: when each connected (ms).
 */
export function pickEvictee<T>(startups: ReadonlyMap<T, { since: number }>, now: number, random: () => number = Math.random): T | undefined {
  const waited: T[] = [];
  for (const [key, { since }] of startups) if (now - since >= STARTUP_GRACE_MS) waited.push(key);
  return waited[Math.floor(random() * waited.length)];
}
