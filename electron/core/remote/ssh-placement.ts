// Where a session type's sessions run when that is another machine: its SSH destinations
// (options.host, or options.hosts to spread over several), the ones draining (options.drain), and
// how to reach them (options.ssh_config for `ssh -F`, options.ssh_options for extra `-o`
// settings). Read once when the sessions file loads, so a mistake is a load error naming the key.
import { isAbsolute, resolve } from 'node:path';

export interface RemotePlacement {
  /** SSH destinations as the user's OpenSSH understands them (aliases, user@host). */
  hosts: string[];
  /** Hosts that take no new sessions; their running ones go on. */
  drain: string[];
  /** Absolute path of the ssh_config file for `ssh -F`, when the type names one. */
  sshConfig?: string;
  /** Extra `-o Name=value` settings. */
  sshOptions: string[];
}

export class PlacementError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** Settings Session Deck owns (the connection multiplexing) or that would accept host keys blindly. */
const REFUSED: Record<string, (value: string) => string | undefined> = {
  stricthostkeychecking: (value) =>
    /^(no|off|accept-new)$/i.test(value) ? 'host keys are never accepted blindly: trust a host by connecting once with "ssh HOST", or add its key to known_hosts' : undefined,
  batchmode: (value) => (/^(no|off)$/i.test(value) ? 'Session Deck never waits on a prompt (BatchMode is always yes)' : undefined),
  userknownhostsfile: (value) => (/^\/dev\/null$/.test(value) ? 'a known_hosts of /dev/null trusts no host and hides the check' : undefined),
  controlmaster: () => 'Session Deck runs one multiplexed connection per session itself',
  controlpath: () => 'Session Deck runs one multiplexed connection per session itself',
  controlpersist: () => 'Session Deck runs one multiplexed connection per session itself',
  permitlocalcommand: () => 'a local command would run outside the session',
  localcommand: () => 'a local command would run outside the session',
  proxyusefdpass: () => 'not supported with a multiplexed connection',
};

/** An SSH destination that ssh reads as a destination, never as an option. */
const DESTINATION = /^[^\s-][^\s]*$/;

function destinations(value: unknown, key: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  for (const [i, entry] of list.entries()) {
    const at = Array.isArray(value) ? `${key}/${i}` : key;
    if (typeof entry !== 'string' || !DESTINATION.test(entry)) {
      throw new PlacementError(at, `expected an SSH destination (an alias from ~/.ssh/config or user@host, not starting with "-", no spaces), found ${JSON.stringify(entry)}`);
    }
  }
  return list as string[];
}

/**
 * Scripts that place their sessions themselves: for them "host" (and the SSH keys) are their own
 * options, passed to them as they are, and only a list of "hosts" to spread over is refused.
 */
function placesItself(script: string): string | undefined {
  if (script === 'external') return 'it connects to one server it is given with "host"';
  if (script === 'slurm') return 'the scheduler places its jobs; sbatch runs over SSH on "submit_host"';
  // A Nexus-style Python script runs on this machine; "host" is its own option, as in Nexus.
  if (script.endsWith('.py')) return 'it runs on this machine; "host" is passed to it as it is';
  return undefined;
}

/** The placement of a type's sessions on other machines over SSH, or undefined when they run here. */
export function readPlacement(script: string, options: Readonly<Record<string, unknown>>, configDir: string): RemotePlacement | undefined {
  const itself = placesItself(script);
  if (itself !== undefined) {
    if (options.hosts !== undefined) throw new PlacementError('hosts', `expected no "hosts" for the ${script.endsWith('.py') ? 'Python' : script} script (${itself})`);
    return undefined;
  }
  if (options.host !== undefined && options.hosts !== undefined) throw new PlacementError('hosts', 'expected "host" or "hosts", not both');
  const given = options.hosts ?? options.host;
  if (given === undefined) {
    for (const key of ['drain', 'ssh_config', 'ssh_options']) {
      if (options[key] !== undefined) throw new PlacementError(key, `expected "host" or "hosts" beside "${key}" (it only applies to sessions on other machines)`);
    }
    return undefined;
  }
  const hosts = destinations(given, options.hosts !== undefined ? 'hosts' : 'host');
  if (new Set(hosts).size !== hosts.length) throw new PlacementError('hosts', `expected each host once, found ${JSON.stringify(hosts)}`);
  const drain = options.drain === undefined ? [] : destinations(options.drain, 'drain');
  for (const [i, host] of drain.entries()) {
    if (!hosts.includes(host)) throw new PlacementError(`drain/${i}`, `expected one of the type's hosts (${hosts.join(', ')}), found ${JSON.stringify(host)}`);
  }
  const sshOptions = options.ssh_options === undefined ? [] : (options.ssh_options as unknown[]);
  if (!Array.isArray(sshOptions)) throw new PlacementError('ssh_options', `expected an array of "Name=value" settings, found ${JSON.stringify(options.ssh_options)}`);
  for (const [i, option] of sshOptions.entries()) {
    const match = typeof option === 'string' ? /^([A-Za-z][A-Za-z0-9]*)=(\S.*)$/.exec(option) : null;
    if (!match) throw new PlacementError(`ssh_options/${i}`, `expected an ssh setting "Name=value" such as "ConnectTimeout=5", found ${JSON.stringify(option)}`);
    const refusal = REFUSED[match[1]!.toLowerCase()]?.(match[2]!);
    if (refusal) throw new PlacementError(`ssh_options/${i}`, `${match[1]} cannot be set to ${match[2]}: ${refusal}`);
  }
  const config = options.ssh_config;
  if (config !== undefined && (typeof config !== 'string' || config.trim() === '')) {
    throw new PlacementError('ssh_config', `expected the path of an ssh_config file, found ${JSON.stringify(config)}`);
  }
  return {
    hosts,
    drain,
    sshOptions: sshOptions as string[],
    ...(typeof config === 'string' ? { sshConfig: isAbsolute(config) ? config : resolve(configDir, config) } : {}),
  };
}
