import { ChildProcess, spawn } from 'child_process';
import { mkdirSync, openSync } from 'fs';
import { join } from 'path';

/**
 * A server process that a spec starts itself, to stop or kill it mid-test (Playwright's
 * `webServer` lives as long as the whole run).
 */
export class ServerProcess {
  constructor(
    readonly name: string,
    private readonly _argv: string[],
    readonly url: string,
    private readonly _ready: string
  ) {}

  /**
   * Start the process and wait until `ready` (a URL under it) answers.
   */
  async start(): Promise<void> {
    const logs = join('test-results', 'servers');
    mkdirSync(logs, { recursive: true });
    const log = openSync(join(logs, `${this.name}.log`), 'a');
    this._process = spawn(this._argv[0], this._argv.slice(1), {
      stdio: ['ignore', log, log]
    });
    const deadline = Date.now() + 120000;
    for (;;) {
      if (this._process.exitCode !== null) {
        throw new Error(
          `${this.name} exited with ${this._process.exitCode}; see ${logs}/${this.name}.log`
        );
      }
      try {
        if ((await fetch(`${this.url}${this._ready}`)).ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name} did not answer at ${this.url}`);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  /**
   * End the process with `signal` and wait until it has exited.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this._process;
    this._process = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  private _process: ChildProcess | null = null;
}
