import { test } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * The port of the lab that Playwright starts for the other specs (playwright.config.js and
 * jupyter_server_test_config.py read the same variable).
 */
const BASE_PORT = Number(process.env.UI_TEST_PORT || '8888');

/**
 * Each server that a spec starts itself, with its slot: its port is UI_TEST_PORT plus 1000
 * times the slot. Checkouts whose UI_TEST_PORTs differ by less than 1000 never share a port,
 * none of these is another checkout's lab, and all stay below the ephemeral ports (32768 and
 * up) from which kernels take theirs. One slot per server, so that a server a failed run
 * left behind cannot answer for another spec's.
 */
const SLOTS = {
  'lab-kernel-timeout': 1,
  'lab-restarted': 2,
  'kernel-gateway': 3,
  'lab-behind-gateway': 4,
  'lab-in-cgroup': 5,
  'lab-in-cgroup-unguarded': 6,
  notebook7: 7,
  'lab-in-cgroup-death-before-load': 8
} as const;

/**
 * The name of a server that a spec starts itself; it names its log file too.
 */
export type ServerName = keyof typeof SLOTS;

/**
 * The port of the server named `name`.
 */
export function serverPort(name: ServerName): number {
  return BASE_PORT + 1000 * SLOTS[name];
}

/**
 * A server process that a spec starts itself, to stop or kill it mid-test (Playwright's
 * `webServer` lives as long as the whole run); `root` is the root directory of a Jupyter
 * server that `jupyterServer` made.
 */
export class ServerProcess {
  constructor(
    readonly name: ServerName,
    private readonly _argv: string[],
    readonly url: string,
    private readonly _ready: string,
    readonly root?: string
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

/**
 * Where a server runs: in the machine as it is, or held to a memory cgroup of its own of
 * `memoryLimit` bytes, as in a container (the server and its kernels count against it).
 */
export interface IServerOptions {
  /**
   * `jupyter lab` (the default) or `jupyter notebook`.
   */
  app?: 'lab' | 'notebook';
  /**
   * More command-line options of the server.
   */
  args?: string[];
  /**
   * The memory cgroup's limit in bytes; see `hasMemoryCgroup`.
   */
  memoryLimit?: number;
}

/**
 * A Jupyter server of a spec's own, with the UI tests' configuration, on its own port, with
 * a root of its own that outlives a restart of the server.
 */
export function jupyterServer(
  name: ServerName,
  options: IServerOptions = {}
): ServerProcess {
  const port = serverPort(name);
  const root = mkdtempSync(join(tmpdir(), `jmi-${name}-root-`));
  const server = [
    'jupyter',
    options.app ?? 'lab',
    '--config=jupyter_server_test_config.py',
    `--port=${port}`,
    // A port in use fails the start, rather than the server taking the next one while
    // `start` waits for the one asked for.
    '--ServerApp.port_retries=0',
    `--ServerApp.root_dir=${root}`,
    ...(options.args ?? [])
  ];
  const argv =
    options.memoryLimit === undefined
      ? server
      : [
          'python',
          'scripts/in_memory_cgroup.py',
          String(options.memoryLimit),
          ...server
        ];
  return new ServerProcess(
    name,
    argv,
    `http://localhost:${port}`,
    '/api/status',
    root
  );
}

/**
 * Whether a server can be held to a memory cgroup here: scripts/in_memory_cgroup.py makes a
 * child of this process's cgroup v1 memory group, which takes root and the controller
 * mounted read-write (as on the project's machines and CI).
 */
export function hasMemoryCgroup(): boolean {
  return existsSync('/sys/fs/cgroup/memory/cgroup.procs');
}

/**
 * Start `servers` before the tests of the enclosing `describe`, in order, and stop them
 * after, in reverse.
 */
export function serveDuringTests(...servers: ServerProcess[]): void {
  test.beforeAll(async () => {
    for (const server of servers) {
      await server.start();
    }
  });
  test.afterAll(async () => {
    for (const server of [...servers].reverse()) {
      await server.stop();
    }
  });
}
