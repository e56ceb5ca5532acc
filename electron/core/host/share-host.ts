// The share page for the Electron app, which otherwise runs no host: the same host server, on
// 127.0.0.1, started only when the first share is made. Nobody can log in to it (its token is made
// here and never shown), so only the share routes answer anything useful.
import { randomBytes } from 'node:crypto';
import { AccessControl } from './access-control';
import { HostServer } from './host-server';

export interface LazyShareHost {
  /** The host's origin, starting it on the first call. */
  origin(): Promise<string>;
  close(): Promise<void>;
}

export function lazyShareHost(options: { rendererDir: string; attach(host: HostServer): void }): LazyShareHost {
  let started: Promise<HostServer> | undefined;
  const start = async (): Promise<HostServer> => {
    const host = new HostServer({ access: new AccessControl(randomBytes(32).toString('base64url')), rendererDir: options.rendererDir, port: 0 });
    await host.listen();
    options.attach(host);
    return host;
  };
  return {
    async origin() {
      started ??= start().catch((error: unknown) => {
        started = undefined; // the next share tries again
        throw error;
      });
      return (await started).origins[0]!;
    },
    async close() {
      const host = await started?.catch(() => undefined);
      await host?.close();
    },
  };
}
