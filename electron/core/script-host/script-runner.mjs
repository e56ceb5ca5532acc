// Runs one user's script module in a process of its own, so that whatever the module does — exit,
// throw where nothing catches, hang at import — the host goes on. The host forks this file with the
// module's path as its argument and talks to it over two channels (see runner-protocol.ts):
//   - node's IPC channel (JSON lines on NODE_CHANNEL_FD): calls both ways, answers, notices;
//   - fd 4, a socket the runner writes a JSON line to and then reads one back, blocking: for
//     session.spawn(), which the script API makes synchronous (it returns the pid, throws at once).
// Every process a session owns is spawned and ended by the host; the runner only asks for it.
import { execFile } from 'node:child_process';
import { readSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const SYNC_FD = 4;
const modulePath = process.argv[2];

const send = (message) => process.send?.(message);
const describe = (error) => (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error));

// Nothing a module does may end the runner silently: the host hears of it.
process.on('unhandledRejection', (reason) => send({ t: 'note', what: 'unhandled', message: describe(reason) }));
process.on('uncaughtException', (error) => {
  send({ t: 'note', what: 'unhandled', message: describe(error) });
  process.exitCode = 70;
  process.disconnect?.();
});
// The host is gone (or let go of this runner): nothing is left to serve.
process.on('disconnect', () => process.exit(process.exitCode ?? 0));

/** A blocking request on the sync socket: one JSON line out, one back. */
function syncCall(request) {
  writeSync(SYNC_FD, `${JSON.stringify(request)}\n`);
  const buffer = Buffer.alloc(64 * 1024);
  let text = '';
  while (!text.includes('\n')) {
    const read = readSync(SYNC_FD, buffer, 0, buffer.length, null);
    if (read === 0) throw new Error('Session Deck closed the connection');
    text += buffer.toString('utf8', 0, read);
  }
  const reply = JSON.parse(text.slice(0, text.indexOf('\n')));
  if (!reply.ok) throw new Error(reply.message);
  return reply.value;
}

let nextId = 1;
const pending = new Map();
/** An asynchronous call to the host, answered by a reply with the same id. */
function call(method, session, args) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ t: 'call', id, method, session, args });
  });
}

const services = new Map();
const sessions = new Map();
let nextHandle = 1;

/** The session resources a start() receives: data, plus every action proxied to the host. */
function sessionResources(data) {
  const controller = new AbortController();
  const processes = new Map();
  const resources = {
    id: data.id,
    scratchDir: data.scratchDir,
    password: data.password,
    passwordFile: data.passwordFile,
    signal: controller.signal,
    log: (message) => send({ t: 'note', what: 'log', session: data.id, message: String(message) }),
    spawn(command, args, options = {}) {
      const handle = nextHandle++;
      const pid = syncCall({ method: 'spawn', session: data.id, handle, args: [command, args, options] });
      let hasExited = false;
      let reportExit;
      const exited = new Promise((resolve) => (reportExit = resolve));
      processes.set(handle, (exit) => {
        hasExited = true;
        reportExit(exit);
      });
      return {
        pid,
        exited,
        get hasExited() {
          return hasExited;
        },
        terminate: (graceMs) => call('terminate', data.id, [handle, graceMs ?? null]).then(() => exited),
      };
    },
    // Arguments go as they came (the host resolves overloads such as a socket path or host and port).
    waitForPort: (...args) => call('waitForPort', data.id, args),
    waitForRfb: (...args) => call('waitForRfb', data.id, args),
    isPortFree: (...args) => call('isPortFree', data.id, args),
    secret: (name) => call('secret', data.id, [name]).then((value) => value ?? undefined),
    // A session on another machine: its host's commands and forwards run in Session Deck.
    host: data.host
      ? {
          ...data.host,
          run: (command, options) => call('hostRun', data.id, [command, options ?? null]),
          spawn: (command, options) => call('hostSpawn', data.id, [command, options ?? null]),
          adopt: (pid, options) => call('hostAdopt', data.id, [pid, options ?? null]),
          forward: (target) => call('hostForward', data.id, [target]),
        }
      : undefined,
    setViewerPassword(value) {
      if (typeof value !== 'string' || value.length === 0) throw new Error('setViewerPassword needs a non-empty string');
      send({ t: 'note', what: 'setViewerPassword', session: data.id, value });
    },
    setQueued: (value) => send({ t: 'note', what: 'setQueued', session: data.id, value: value ?? null }),
    setJob: (value) => send({ t: 'note', what: 'setJob', session: data.id, value }),
    jobEnded: (value) => send({ t: 'note', what: 'jobEnded', session: data.id, value: String(value) }),
    setDeadline: (value) => send({ t: 'note', what: 'setDeadline', session: data.id, value }),
  };
  sessions.set(data.id, { controller, processes });
  return resources;
}

const methods = {
  realize(args, realizeService) {
    const { service, callbacks, ...rest } = args;
    // setHostPort and its kin: each call is told to the host, which holds the slot's target.
    const proxies = Object.fromEntries(callbacks.map((name) => [name, (...values) => send({ t: 'note', what: 'callback', service, name, args: values })]));
    const instance = realizeService({ ...rest, ...proxies });
    services.set(service, instance);
    return { hasProbe: typeof instance?.probe === 'function', hasExtend: typeof instance?.extend === 'function' };
  },
  start: ({ service, token, timestamp, options, session }) => services.get(service).start(token, timestamp, { ...options, session: sessionResources(session) }),
  stop: async ({ service, session }) => {
    try {
      return await services.get(service).stop();
    } finally {
      if (session !== undefined) sessions.delete(session);
    }
  },
  probe: async ({ service }) => (await services.get(service).probe?.()) ?? null,
  extend: ({ service }) => services.get(service).extend(),
};

/** A syntax error names no line when caught; `node --check` prints file:line first. */
function syntaxLocation(path) {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--check', path], { timeout: 5000 }, (_error, _stdout, stderr) => {
      const first = String(stderr).split('\n')[0] ?? '';
      resolve(/:\d+$/.test(first) ? first.replace(/^file:\/\//, '') : undefined);
    });
  });
}

async function load() {
  let module;
  try {
    module = await import(pathToFileURL(modulePath).href);
  } catch (error) {
    const where = error instanceof SyntaxError ? await syntaxLocation(modulePath) : undefined;
    send({ t: 'load-failed', message: `${describe(error)}${where ? ` (${where})` : ''}` });
    return undefined;
  }
  const realize = module?.realizeService ?? module?.default?.realizeService;
  if (typeof realize !== 'function') {
    send({ t: 'load-failed', message: 'exports no realizeService function' });
    return undefined;
  }
  return realize;
}

const realizeService = await load();
if (realizeService) {
  process.on('message', (message) => {
    if (message.t === 'call') {
      Promise.resolve()
        .then(() => methods[message.method](message.args, realizeService))
        .then(
          (value) => send({ t: 'reply', id: message.id, ok: true, value: value ?? null }),
          (error) => send({ t: 'reply', id: message.id, ok: false, message: describe(error) }),
        );
    } else if (message.t === 'reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.message));
    } else if (message.t === 'abort') {
      sessions.get(message.session)?.controller.abort(new Error(message.reason));
    } else if (message.t === 'exited') {
      sessions.get(message.session)?.processes.get(message.handle)?.(message.exit);
    }
  });
  send({ t: 'ready' });
}
