import { Kernel, KernelMessage } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import { createBadge, fillBadge } from '../badges/badge';
import { fillDeathNote } from '../badges/deathNote';
import { DeathCells } from '../model/deathCells';
import { DeathDismissals } from '../model/deathDismissals';
import { KernelDeath, LifecycleEvent, Monitor } from '../schema';
import { IKernelMemory } from '../tokens';
import { deathBadgeText } from '../util/deathBadgeText';
import { makeMonitor, makeRecord, MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

const OOM: KernelDeath = {
  cause: 'oom_kill',
  evidence: 'the memory group counted an out-of-memory kill',
  exit_code: -9,
  signal: 'SIGKILL',
  scope: 'group',
  usage: 698 * MiB,
  limit: 700 * MiB,
  cell_id: null,
  execution_count: 2,
  msg_id: 'msg-b'
};

class FakeKernel {
  readonly anyMessage = new Signal<this, Kernel.IAnyMessageArgs>(this);

  execute(cellId: string, msgId: string): void {
    const msg = {
      header: { msg_type: 'execute_request', msg_id: msgId },
      metadata: { cellId },
      content: { code: '' }
    } as unknown as KernelMessage.IExecuteRequestMsg;
    this.anyMessage.emit({ msg, direction: 'send' });
  }
}

class FakeMemory {
  readonly kernelId = 'kernel-1';
  monitor: Monitor | null = null;
  readonly monitorChanged = new Signal<this, Monitor>(this);

  report(lifecycle: LifecycleEvent[]): void {
    this.monitor = makeMonitor({ lifecycle });
    this.monitorChanged.emit(this.monitor);
  }
}

function setUp(): {
  kernel: FakeKernel;
  memory: FakeMemory;
  dismissals: DeathDismissals;
  deaths: DeathCells;
  changes: string[][];
} {
  const kernel = new FakeKernel();
  const memory = new FakeMemory();
  const dismissals = new DeathDismissals();
  const deaths = new DeathCells(
    kernel as unknown as Kernel.IKernelConnection,
    memory as unknown as IKernelMemory,
    dismissals
  );
  const changes: string[][] = [];
  deaths.changed.connect((_, ids) => changes.push([...ids]));
  return { kernel, memory, dismissals, deaths, changes };
}

const died = (time: number, death: KernelDeath = OOM): LifecycleEvent => ({
  time,
  event: 'died',
  death
});

describe('DeathCells', () => {
  it('puts a death on the cell whose execute request was running', () => {
    const { kernel, memory, deaths, changes } = setUp();
    kernel.execute('cell-a', 'msg-a');
    kernel.execute('cell-b', 'msg-b');
    memory.report([{ time: 10, event: 'started' }, died(20)]);
    expect(deaths.forCell('cell-b')).toEqual({ time: 20, death: OOM });
    expect(deaths.forCell('cell-a')).toBeUndefined();
    expect(changes).toEqual([['cell-b']]);
  });

  it('keeps the death through the restart that follows', () => {
    const { kernel, memory, deaths } = setUp();
    kernel.execute('cell-b', 'msg-b');
    memory.report([died(20)]);
    memory.report([died(20), { time: 21, event: 'restarted' }]);
    expect(deaths.forCell('cell-b')?.time).toBe(20);
  });

  it('forgets the death when the cell runs again', () => {
    const { kernel, memory, deaths, changes } = setUp();
    kernel.execute('cell-b', 'msg-b');
    memory.report([died(20)]);
    kernel.execute('cell-b', 'msg-c');
    expect(deaths.forCell('cell-b')).toBeUndefined();
    expect(changes).toEqual([['cell-b'], ['cell-b']]);
  });

  it('forgets the death the user dismissed in the panel, of its own kernel only', () => {
    const { kernel, memory, dismissals, deaths } = setUp();
    kernel.execute('cell-b', 'msg-b');
    memory.report([died(20)]);
    dismissals.dismiss('kernel-2', 20);
    expect(deaths.forCell('cell-b')).toBeDefined();
    dismissals.dismiss('kernel-1', 20);
    expect(deaths.forCell('cell-b')).toBeUndefined();
  });

  it('puts no death on a cell that ran again before the death was reported', () => {
    const { kernel, memory, deaths } = setUp();
    kernel.execute('cell-b', 'msg-b');
    kernel.execute('cell-b', 'msg-c');
    memory.report([died(20)]);
    expect(deaths.forCell('cell-b')).toBeUndefined();
  });

  it('uses the cell id the server names, and ignores received messages', () => {
    const { kernel, memory, deaths } = setUp();
    kernel.anyMessage.emit({
      msg: {
        header: { msg_type: 'execute_request', msg_id: 'msg-b' },
        metadata: { cellId: 'cell-x' },
        content: {}
      } as unknown as KernelMessage.IExecuteRequestMsg,
      direction: 'recv'
    });
    memory.report([died(20, { ...OOM, cell_id: 'cell-z' })]);
    expect(deaths.forCell('cell-z')?.time).toBe(20);
    expect(deaths.forCell('cell-x')).toBeUndefined();
  });

  it('finds the cell of a death from before the page loaded by the cell id alone', () => {
    const { memory, deaths, changes } = setUp();
    // No request of this page was running: the msg_id is unknown here.
    memory.report([died(20, { ...OOM, msg_id: 'msg-old', cell_id: 'cell-b' })]);
    expect(deaths.forCell('cell-b')).toEqual({
      time: 20,
      death: { ...OOM, msg_id: 'msg-old', cell_id: 'cell-b' }
    });
    expect(changes).toEqual([['cell-b']]);
  });
});

describe('the death on a badge', () => {
  it('says the figure, the limit and the cause in plain words', () => {
    expect(deathBadgeText(OOM, trans)).toBe(
      'killed at 698 MiB of a 700 MiB limit while this cell ran: out of memory'
    );
    expect(
      deathBadgeText(
        {
          cause: 'crash',
          evidence: 'SIGSEGV (segmentation fault)',
          exit_code: -11
        },
        trans
      )
    ).toBe('the kernel died while this cell ran: SIGSEGV (segmentation fault)');
  });

  it('fills a badge of its own, and clears it', () => {
    const badge = createBadge();
    fillDeathNote(badge, OOM, trans, true);
    expect(badge.querySelector('.jmi-Badge-death')?.textContent).toContain(
      'out of memory'
    );
    expect(badge.classList.contains('jmi-mod-died')).toBe(true);
    expect(badge.title).toMatch(/^killed at 698 MiB/);
    fillDeathNote(badge, undefined, trans, false);
    expect(badge.querySelector('.jmi-Badge-death')?.textContent).toBe('');
    expect(badge.classList.contains('jmi-mod-died')).toBe(false);
  });

  it('adds to the tooltip of a badge that shows a run', () => {
    const badge = createBadge();
    fillBadge(badge, makeRecord({ execution_count: 4 }), trans);
    fillDeathNote(badge, OOM, trans, false);
    expect(badge.title).toContain('Run [4]');
    expect(badge.title).toContain('killed at 698 MiB of a 700 MiB limit');
  });
});
