import {
  CellRecord,
  Monitor,
  ProbeInfo,
  ProcessTree,
  RecordEntry,
  TreeProcess
} from '../schema';
import { ISummaryInput } from '../model/summary';
import { ITimelineInput } from '../panel/timeline/data';

const MiB = 2 ** 20;

/**
 * A record as the probe would send it, with `overrides` on top.
 */
export function makeRecord(overrides: Partial<CellRecord> = {}): CellRecord {
  return {
    schema_version: 1,
    probe_session: 'session-1',
    cell_id: 'cell-1',
    execution_count: 1,
    msg_id: 'msg-1',
    status: 'ok',
    raised: false,
    start: 1_700_000_000,
    end: 1_700_000_001.5,
    duration: 1.5,
    rss_before: 100 * MiB,
    rss_after: 612 * MiB,
    rss_delta: 512 * MiB,
    peak: 1124 * MiB,
    peak_method: 'vmhwm',
    probe_time: 0.0004,
    gc: {
      enabled: true,
      thresholds: [2000, 10, 10],
      counts: [12, 3, 1],
      frozen: 0,
      collections: [1, 0, 0],
      collected: 0,
      uncollectable: 0,
      pause: 0.0002
    },
    heap: null,
    limit: { bytes: null, source: null },
    host: { total: 24 * 1024 * MiB, available: 20 * 1024 * MiB },
    variables: {
      items: [],
      partial: false,
      scanned: 0,
      total: 0,
      elapsed: 0.0001,
      budget: 0.05
    },
    ...overrides
  };
}

/**
 * The process tree of a cell that ran a pool: the kernel barely moved (60 to 61 MiB) while
 * `children` held the rest of the 862 MiB peak.
 */
export function makeTree(children: TreeProcess[]): ProcessTree {
  return {
    before: 60 * MiB,
    after: 61 * MiB,
    peak: 862 * MiB,
    method: 'rss_uss',
    sample_interval: 0.1,
    processes: [
      {
        pid: 100,
        name: 'kernel',
        kernel: true,
        memory: 61 * MiB,
        at_peak: 61 * MiB
      },
      ...children
    ]
  };
}

export function makeEntry(
  seq: number,
  overrides: Partial<CellRecord> = {}
): RecordEntry {
  return { seq, record: makeRecord({ cell_id: `cell-${seq}`, ...overrides }) };
}

export function makeMonitor(overrides: Partial<Monitor> = {}): Monitor {
  return {
    kernel_id: 'kernel-1',
    history_id: 'history-1',
    state: 'active',
    detail: '',
    probe: null,
    execution_state: 'idle',
    last_seq: 0,
    record_count: 0,
    compacted: 0,
    lifecycle: [],
    live: { source: 'process', metric: 'rss', note: '', interval: 0.5 },
    ...overrides
  };
}

/**
 * The probe info of a kernel process, with `overrides` on top.
 */
export function makeProbe(overrides: Partial<ProbeInfo> = {}): ProbeInfo {
  return {
    probe_version: '1',
    probe_session: 'session-1',
    pid: 42,
    hostname: 'host',
    python: '3.11',
    platform: 'linux',
    peak_method: 'vmhwm',
    rss_available: true,
    rss: 80 * MiB,
    config: {
      tracing: false,
      nframes: 1,
      scan_budget: 0.05,
      max_variables: 20
    },
    ...overrides
  };
}

/**
 * What the panel's summary reads, of session-1 with nothing recorded, with `overrides` on top.
 */
export function makeSummaryInput(
  overrides: Partial<ISummaryInput> = {}
): ISummaryInput {
  return {
    records: [],
    samples: [],
    restarts: [],
    monitor: makeMonitor(),
    currentSession: 'session-1',
    ...overrides
  };
}

/**
 * What the timeline reads, of session-1 with nothing recorded, with `overrides` on top.
 */
export function makeTimelineInput(
  overrides: Partial<ITimelineInput> = {}
): ITimelineInput {
  return {
    records: [],
    samples: [],
    restarts: [],
    currentSession: 'session-1',
    liveMetric: 'rss',
    lifecycle: [],
    ...overrides
  };
}

export { MiB };
