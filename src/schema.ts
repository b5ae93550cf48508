/**
 * Generated from python_ext/jupyterlab_memory_inspector/schemas/api.schema.json by scripts/record-types.mjs: do not edit.
 * Run `jlpm build:record-types` after changing the schema.
 */

/**
 * Any message of WS /memory-inspector/kernels/<id>/stream.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "StreamEvent".
 */
export type StreamEvent = RecordsEvent | MonitorEvent;

/**
 * Payloads of the /memory-inspector/ REST and websocket API.
 */
export interface MemoryInspectorApi {
  [k: string]: unknown;
}
/**
 * What the probe announced when it was installed in the kernel.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ProbeInfo".
 */
export interface ProbeInfo {
  probe_version: string;
  probe_session: string;
  pid: number;
  hostname: string;
  python: string;
  platform: string;
  peak_method: 'vmhwm' | 'sampling' | 'endpoints';
  rss_available: boolean;
  rss: number;
}
/**
 * The server's view of one kernel.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "Monitor".
 */
export interface Monitor {
  kernel_id: string;
  /**
   * Id of the server's record history for this kernel; a `since` from another history does not apply.
   */
  history_id: string;
  /**
   * connecting, installing (the probe), active, unsupported (not a Python kernel), failed (the probe could not be installed), closed.
   */
  state:
    | 'connecting'
    | 'installing'
    | 'active'
    | 'unsupported'
    | 'failed'
    | 'closed';
  /**
   * Why the monitor is unsupported or failed; empty otherwise.
   */
  detail: string;
  probe: ProbeInfo | null;
  /**
   * The kernel's last IOPub status: busy, idle, starting, or unknown.
   */
  execution_state: string;
  /**
   * Sequence number of the newest record; 0 before the first.
   */
  last_seq: number;
  /**
   * How many records the server holds for this kernel.
   */
  record_count: number;
}
/**
 * A record as the server keeps it, numbered so that a client can resume after `seq`.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "RecordEntry".
 */
export interface RecordEntry {
  seq: number;
  record: CellRecord;
}
/**
 * What one cell run did to the kernel's memory, as measured by the kernel probe. Sizes are bytes, times are seconds since the epoch.
 */
export interface CellRecord {
  /**
   * Version of this record format.
   */
  schema_version: 1;
  /**
   * Id of the probe installation that measured the cell; a kernel restart starts a new one.
   */
  probe_session: string;
  /**
   * JupyterLab's id of the cell, from the execute request's metadata; null when the client sent none.
   */
  cell_id: string | null;
  /**
   * The execution count the cell ran under; null when the run did not store history.
   */
  execution_count: number | null;
  /**
   * msg_id of the execute request; null outside a kernel (plain IPython).
   */
  msg_id: string | null;
  /**
   * ok: ran to the end; error: raised while running; syntax_error: failed before running; empty: nothing to run.
   */
  status: 'ok' | 'error' | 'syntax_error' | 'empty';
  /**
   * Whether the cell raised (while running or before).
   */
  raised: boolean;
  /**
   * When the cell started (seconds since the epoch).
   */
  start: number;
  /**
   * When the cell ended (seconds since the epoch).
   */
  end: number;
  /**
   * end - start, in seconds, from a monotonic clock.
   */
  duration: number;
  /**
   * Resident set size of the kernel process when the cell started.
   */
  rss_before: number;
  /**
   * Resident set size of the kernel process when the cell ended.
   */
  rss_after: number;
  /**
   * rss_after - rss_before.
   */
  rss_delta: number;
  /**
   * Highest resident set size of the kernel process while the cell ran.
   */
  peak: number;
  /**
   * How peak was measured. vmhwm: the kernel's high-water mark, reset before the cell (exact); sampling: a thread in the kernel reading RSS (misses spikes made while the GIL is held); endpoints: only before and after were read.
   */
  peak_method: 'vmhwm' | 'sampling' | 'endpoints';
}
/**
 * GET /memory-inspector/kernels
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "KernelsReply".
 */
export interface KernelsReply {
  kernels: Monitor[];
}
/**
 * GET /memory-inspector/kernels/<id>/records?since=N
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "RecordsReply".
 */
export interface RecordsReply {
  monitor: Monitor;
  records: RecordEntry[];
}
/**
 * Stream message: records after the client's `since`, oldest first.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "RecordsEvent".
 */
export interface RecordsEvent {
  type: 'records';
  records: RecordEntry[];
}
/**
 * Stream message: the monitor's state changed (always the first message).
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "MonitorEvent".
 */
export interface MonitorEvent {
  type: 'monitor';
  monitor: Monitor;
}
/**
 * Every 4xx/5xx reply.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ErrorReply".
 */
export interface ErrorReply {
  code: number;
  message: string;
}
