// Watches the key events X delivers on the root window (xev -root) of a test display.
import { spawn, type ChildProcess } from 'node:child_process';

export class KeyWatcher {
  private readonly child: ChildProcess;
  private text = '';
  private readonly waiters: { keysym: number; from: number; resolve: () => void }[] = [];

  /** env: e.g. the display's XAUTHORITY. */
  constructor(display: number, env: Record<string, string> = {}) {
    this.child = spawn('xev', ['-root', '-event', 'keyboard'], { env: { PATH: '/usr/bin:/bin', DISPLAY: `:${display}`, ...env } });
    this.child.stdout?.on('data', (data: Buffer) => {
      this.text += data.toString();
      for (const waiter of [...this.waiters]) {
        if (this.seen(waiter.keysym, waiter.from)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  }

  /** A position in the output, to ask about what came after it. */
  get mark(): number {
    return this.text.length;
  }

  seen(keysym: number, from = 0): boolean {
    return this.text.slice(from).includes(`KeyPress event`) && this.text.slice(from).includes(`(keysym 0x${keysym.toString(16)},`);
  }

  /** Resolves once X has delivered a KeyPress of `keysym` after `from`. */
  next(keysym: number, from: number): Promise<void> {
    if (this.seen(keysym, from)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ keysym, from, resolve }));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
