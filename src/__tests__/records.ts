import { CellRecord, Monitor, RecordEntry } from '../schema';

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
    ...overrides
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
    ...overrides
  };
}

export { MiB };
