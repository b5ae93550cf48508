/**
 * Generated from python_ext/jupyterlab_memory_inspector/schemas/api.schema.json by scripts/record-types.mjs: do not edit.
 * Run `jlpm build:record-types` after changing the schema.
 */

/**
 * Any message of WS /memory-inspector/kernels/<id>/stream, or of WS /memory-inspector/overview/stream (overview events only).
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "StreamEvent".
 */
export type StreamEvent =
  RecordsEvent | MonitorEvent | SamplesEvent | OverviewEvent;

/**
 * Payloads of the /memory-inspector/ REST and websocket API.
 */
export interface MemoryInspectorApi {
  [k: string]: unknown;
}
/**
 * GET /memory-inspector/info: the API that the server extension speaks, so that a frontend of another release can say so in plain words.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ServerInfo".
 */
export interface ServerInfo {
  /**
   * Raised whenever a payload changes in a way that an older frontend cannot read. Defined here once: the server's protocol module and the frontend's constant are checked against it.
   */
  api_version: 1;
  /**
   * The Python package's version.
   */
  version: string;
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
  config: ProbeConfig;
}
/**
 * The probe's settings in one kernel.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ProbeConfig".
 */
export interface ProbeConfig {
  /**
   * Whether tracemalloc traces allocations (slows allocation-heavy code several times over)
   */
  tracing: boolean;
  /**
   * Frames kept per traced allocation
   */
  nframes: number;
  /**
   * Seconds the variable scan may take after each cell
   */
  scan_budget: number;
  /**
   * How many of the largest variables each record lists
   */
  max_variables: number;
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
  /**
   * The structured form of detail, for the translator (absent: only the English is known, or no detail)
   */
  messages?: {
    detail: Message;
  };
  probe: ProbeInfo | null;
  /**
   * The kernel's last status about running cells (of execute requests): busy, idle, starting, or unknown.
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
  live: LiveSource;
  /**
   * How many of the oldest records the history's cap has dropped
   */
  compacted: number;
  /**
   * What happened to the kernel, oldest first (at most 100)
   */
  lifecycle: LifecycleEvent[];
  /**
   * The memory the kernel can run out of, at the last live reading: its group's usage against the group's limit (everything in the group counts: the server, other kernels, their children), or the machine's; null for a kernel that runs elsewhere or before the first reading.
   */
  group?: GroupMemory | null;
}
/**
 * Words for people, as the translator takes them: the English with %1, %2 where the arguments go (%% a percent sign), and the arguments, which may be messages themselves. The English text sent beside it is the id with its arguments put in.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "Message".
 */
export interface Message {
  id: string;
  args: (string | number | Message)[];
}
/**
 * How the server reads the kernel's memory while a cell runs.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "LiveSource".
 */
export interface LiveSource {
  /**
   * process: the server reads the kernel's process (a local kernel); usage_request: ipykernel's control-channel usage_request (needs psutil in the kernel); null: not available (or not chosen yet)
   */
  source: 'process' | 'usage_request' | null;
  /**
   * rss: resident set size; pss: proportional set size (what usage_request reports)
   */
  metric: 'rss' | 'pss' | null;
  /**
   * Why live memory is not available, for the user
   */
  note: string;
  /**
   * The structured form of note, for the translator (absent: only the English is known, or no note)
   */
  messages?: {
    note: Message;
  };
  /**
   * Seconds between readings while a cell runs
   */
  interval: number;
}
/**
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "LifecycleEvent".
 */
export interface LifecycleEvent {
  /**
   * Seconds since the epoch
   */
  time: number;
  /**
   * started; restarted (the kernel process was replaced: by the user, or after it died); died (the process ended on its own, e.g. killed for memory); interrupted
   */
  event: 'started' | 'restarted' | 'died' | 'interrupted';
  /**
   * With died: why, named from evidence, and the request that was running (its msg_id).
   */
  death?: KernelDeath;
}
/**
 * Why the kernel died while a cell ran, named from evidence only, with the last readings before it.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "KernelDeath".
 */
export interface KernelDeath {
  /**
   * oom_kill: the group's oom_kill counter went up, or SIGKILL with the group at its limit; signal: ended by another signal; crash: a fault signal (SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE); exit: exited with a code; unknown: no exit status
   */
  cause: 'oom_kill' | 'signal' | 'crash' | 'exit' | 'unknown';
  /**
   * What the cause was named from, for people
   */
  evidence: string;
  /**
   * The kernel process's exit status, negative for the signal that ended it; null where unknown
   */
  exit_code: number | null;
  /**
   * The signal's name, when a signal ended it
   */
  signal?: string;
  scope?: 'group' | 'host';
  /**
   * The fullest reading of the group (or machine) during the cell, bytes
   */
  usage?: number;
  limit?: number;
  oom_kills?: number | null;
  /**
   * The cell that was running
   */
  cell_id?: string | null;
  execution_count?: number | null;
  /**
   * The execute request that was running, where known
   */
  msg_id?: string | null;
}
/**
 * The memory a kernel can run out of: its cgroup's usage against the group's limit (everything in the group counts: the server, other kernels, children), or without a group limit the machine's memory in use against its total.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "GroupMemory".
 */
export interface GroupMemory {
  /**
   * group: the nearest cgroup (v1 or v2) with a memory limit; host: the machine
   */
  scope: 'group' | 'host';
  /**
   * Bytes in use: the group's (memory.usage_in_bytes, memory.current), or the machine's total minus available
   */
  usage: number;
  /**
   * Bytes: the group's limit, or the machine's total
   */
  limit: number;
  /**
   * The group's out-of-memory kill counter (oom_kill in memory.oom_control or memory.events); null for the host or where not reported
   */
  oom_kills: number | null;
}
/**
 * A record as the server keeps it, numbered so that a client can resume after `seq`. `leak`, when the record's cell has run more than once since the kernel started: the leak rule's verdict on its runs up to this one, sent with records as they arrive and as a client catches up.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "RecordEntry".
 */
export interface RecordEntry {
  seq: number;
  record: CellRecord;
  leak?: LeakVerdict;
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
  tree?: ProcessTree;
  /**
   * Seconds the probe itself spent on this cell, in its hooks.
   */
  probe_time: number;
  gc: GcReport;
  /**
   * The Python heap as tracemalloc traced it during the cell; null while tracing is off.
   */
  heap: HeapReport | null;
  limit: MemoryLimit;
  host: HostMemory;
  variables: VariablesReport;
  /**
   * Added by the server or the command line (not the probe) when the out-of-memory guard interrupted this cell.
   */
  oom_guard?: OomGuard;
  /**
   * Added by the server or the command line (not the probe) to the record of the cell that was running when the kernel died: why it died.
   */
  death?: KernelDeath;
  /**
   * True for a record the server or the command line made from its own live readings because the kernel died while the cell ran (the probe could not send one): rss_before is the reading at the cell's start (or the previous record's rss_after), peak the highest reading while it ran, rss_after the last reading before the death; gc, heap and variables were not measured (empty). Absent from the probe's records.
   */
  from_live_readings?: true;
}
/**
 * The kernel with every descendant process (workers, subprocesses, a JVM). Its figure is the kernel's RSS plus each descendant's private memory (USS), so pages a forked worker shares with the kernel count once; pages only descendants share among themselves are not counted. Absent from records of earlier probes: there the kernel-only figures stand for the tree.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "ProcessTree".
 */
export interface ProcessTree {
  /**
   * The tree's memory when the cell started.
   */
  before: number;
  /**
   * The tree's memory when the cell ended.
   */
  after: number;
  /**
   * The tree's highest memory while the cell ran: the highest reading of the tree, or the kernel's exact peak plus the least its descendants held in any reading, whichever is higher.
   */
  peak: number;
  /**
   * kernel: no descendant was seen during the cell, the figures are the kernel's own (rss_before, rss_after, peak); rss_uss: the kernel's RSS plus its descendants' USS.
   */
  method: 'kernel' | 'rss_uss';
  /**
   * Seconds between two readings of the tree while the cell ran: a descendant that lived longer is in the peak.
   */
  sample_interval: number;
  /**
   * The kernel first, then its largest descendants (at most 32) with what each held.
   */
  processes: TreeProcess[];
}
/**
 * One process of the kernel's tree.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "TreeProcess".
 */
export interface TreeProcess {
  /**
   * Its process id (in the kernel's pid namespace).
   */
  pid: number;
  /**
   * A short readable name: kernel, loky worker, multiprocessing worker, forked worker, java, or its shortened command line.
   */
  name: string;
  /**
   * Whether this is the kernel process itself.
   */
  kernel: boolean;
  /**
   * What it held when the cell ended (the kernel: RSS; a descendant: USS); null when it had ended before.
   */
  memory: number | null;
  /**
   * What it held at the tree's peak; null when it did not run then.
   */
  at_peak: number | null;
}
/**
 * The garbage collector: what it did during the cell (from gc.callbacks) and its state after.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "GcReport".
 */
export interface GcReport {
  /**
   * gc.isenabled()
   */
  enabled: boolean;
  /**
   * gc.get_threshold()
   */
  thresholds: number[];
  /**
   * gc.get_count() after the cell
   */
  counts: number[];
  /**
   * gc.get_freeze_count(): objects moved to the permanent generation
   */
  frozen: number;
  /**
   * Collections of each generation during the cell
   */
  collections: number[];
  /**
   * Objects the collections during the cell freed
   */
  collected: number;
  /**
   * Objects the collections during the cell found uncollectable (gc.garbage)
   */
  uncollectable: number;
  /**
   * Seconds the collections during the cell took
   */
  pause: number;
}
/**
 * tracemalloc's figures for the cell.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "HeapReport".
 */
export interface HeapReport {
  /**
   * Traced bytes when the cell started
   */
  start: number;
  /**
   * Traced bytes when the cell ended
   */
  current: number;
  /**
   * Highest traced bytes during the cell (reset_peak before it)
   */
  peak: number;
  /**
   * Frames kept per allocation
   */
  nframes: number;
  /**
   * Lines of the cell's own code holding the most traced memory at its end, largest first
   */
  top_lines: AllocationLine[];
  /**
   * Why top_lines is empty or incomplete, if it is
   */
  top_lines_note: string | null;
}
/**
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "AllocationLine".
 */
export interface AllocationLine {
  /**
   * Line number in the cell
   */
  line: number;
  /**
   * The line's text, stripped
   */
  source: string;
  /**
   * Traced bytes still held by allocations made on this line
   */
  size: number;
  /**
   * How many traced blocks those are
   */
  count: number;
}
/**
 * The most memory the kernel may use before it is killed, where that is known.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "MemoryLimit".
 */
export interface MemoryLimit {
  bytes: number | null;
  /**
   * cgroup2: memory.max; cgroup1: memory.limit_in_bytes; env: the MEM_LIMIT variable (JupyterHub); null: no limit found
   */
  source: 'cgroup2' | 'cgroup1' | 'env' | null;
}
/**
 * The machine's memory, from /proc/meminfo.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "HostMemory".
 */
export interface HostMemory {
  total: number | null;
  /**
   * MemAvailable
   */
  available: number | null;
}
/**
 * The largest things the user's namespace holds after the cell.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "VariablesReport".
 */
export interface VariablesReport {
  /**
   * Largest first
   */
  items: Variable[];
  /**
   * The time budget ran out: some sizes are missing or estimated from fewer samples
   */
  partial: boolean;
  /**
   * Names sized in this scan
   */
  scanned: number;
  /**
   * Names in the user namespace (IPython's own hidden names excluded)
   */
  total: number;
  /**
   * Seconds the scan took
   */
  elapsed: number;
  /**
   * Seconds the scan was allowed
   */
  budget: number;
}
/**
 * One object the namespace holds, under a name or in IPython's hidden places.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "Variable".
 */
export interface Variable {
  /**
   * The name, or where the object is held for kind output (Out[3]) and exception (a frame's local)
   */
  name: string;
  /**
   * name: a user variable; output: held only by the output cache; exception: held only by the last exception's frames
   */
  kind: 'name' | 'output' | 'exception';
  /**
   * module.QualifiedName of its type
   */
  type: string;
  /**
   * Bytes attributed to it (a view's data counts for its base)
   */
  size: number;
  /**
   * false when size is estimated from samples
   */
  exact: boolean;
  /**
   * Shape and dtype, length, or similar, from the type's own metadata
   */
  summary: string;
  /**
   * The name was bound, or bound to another object, by this cell
   */
  new: boolean;
  /**
   * For a view: the name (or description) of the object that owns its data
   */
  view_of: string | null;
  /**
   * What else keeps the object alive; deleting the name frees nothing while any of these remain
   */
  holders: Holder[];
  /**
   * Bytes that only this object keeps alive: what deleting it frees while the objects it shares data with stay (absent in records of older probes: then size)
   */
  own?: number;
  /**
   * Data this object holds together with other listed objects (string buffers of a frame's copy, blocks of a shallow copy), each counted once in the table, under the size of the first object listed here or of this one
   */
  shared?: SharedData[];
  /**
   * A name that IPython or another tool put in the namespace (starts with an underscore, or was bound by a run that keeps no history): the panel hides it unless asked
   */
  hidden?: boolean;
}
/**
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "Holder".
 */
export interface Holder {
  /**
   * name: another user name; output_cache: Out, _, __, ___, _N or the display hook; exception: the last traceback's frames; container: a list, dict, set or tuple in the namespace; view: a view of this object's data; base: the object this one is a view of
   */
  kind: 'name' | 'output_cache' | 'exception' | 'container' | 'view' | 'base';
  /**
   * Which one: the name, Out[4], _ , sys.last_traceback, the container's name and key
   */
  where: string;
  /**
   * The holder's name (a name, or the container or view it starts with) was put in the namespace by IPython or another tool, as a variable's hidden: suggestions leave it alone (absent: not hidden, or a probe before this field)
   */
  hidden?: boolean;
}
/**
 * Bytes one object holds together with another.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "SharedData".
 */
export interface SharedData {
  /**
   * The other object's name, as listed
   */
  with: string;
  /**
   * Bytes both hold
   */
  size: number;
  /**
   * Whether these bytes are counted in this object's size (else in the other's)
   */
  counted_here: boolean;
}
/**
 * What the out-of-memory guard did in a cell: it interrupted the cell when its group (or the machine) was nearly full, so that the kernel would not be killed.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "OomGuard".
 */
export interface OomGuard {
  action: 'interrupted';
  scope: 'group' | 'host';
  /**
   * Bytes in use when the guard interrupted
   */
  usage: number;
  /**
   * The limit it was compared with, bytes
   */
  limit: number;
  /**
   * The share of the limit at which the guard interrupts (it interrupts earlier when memory grows fast)
   */
  threshold: number;
  /**
   * The most in use after the interrupt, until the cell ended, bytes
   */
  highest_after: number;
  /**
   * False when memory kept growing after the interrupt: the cell ran code that ignores it (native code)
   */
  stopped: boolean;
  /**
   * Seconds between the reading at which the guard interrupted and the one before it (the guard reads at its own period while a cell runs); null when it had no earlier reading
   */
  interval?: number | null;
}
/**
 * What most likely keeps a leaking cell's memory: among what the probe sized, what grew most while the cell last ran (against the kernel's record before it).
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "LeakHolder".
 */
export interface LeakHolder {
  /**
   * output_cache: Out and _ (each run adds an entry; name is Out, or the entry that also holds a variable that grew, such as Out[5]); exception: the last exception's frames; variable: a name whose object grows (a list or dict appended to)
   */
  kind: 'output_cache' | 'exception' | 'variable';
  /**
   * The variable's name, Out, or sys.last_traceback
   */
  name: string;
  /**
   * module.QualifiedName of a variable's type; empty for the others
   */
  type: string;
  /**
   * Bytes it grew by while the cell last ran (0 for an exception known only because the cell raised)
   */
  growth: number;
}
/**
 * The leak rule's verdict on one cell's runs in one kernel session (leaks/rule.py): a cell leaks when its last `growths` runs after the first (at least 2) each grew by more than `tolerance`. Not part of a record: the server and the reports send it beside one.
 *
 * This interface was referenced by `CellRecord`'s JSON-Schema
 * via the `definition` "LeakVerdict".
 */
export interface LeakVerdict {
  /**
   * The cell's runs judged (the server keeps the latest 32)
   */
  runs: number;
  /**
   * Each run's rss_after - rss_before, oldest first
   */
  retained: number[];
  /**
   * Each run's peak RSS, oldest first
   */
  peaks: number[];
  /**
   * The mean growth of the runs after the first (0 for one run): each the smaller of what the run retained and how much higher RSS stood after it than after the cell's previous run, less what other cells' runs kept in between; never below 0
   */
  growth_per_run: number;
  /**
   * How many of the latest runs in a row each grew by more than the tolerance
   */
  growths: number;
  /**
   * growths is at least 2
   */
  leaking: boolean;
  /**
   * When leaking: the mean growth of those runs, what the cell keeps each run; else 0
   */
  keeps: number;
  /**
   * Bytes a run may retain without counting as a growth (run-to-run noise)
   */
  tolerance: number;
  holder: LeakHolder | null;
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
 * Stream message: live memory samples (on connect, the recent ones).
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "SamplesEvent".
 */
export interface SamplesEvent {
  type: 'samples';
  samples: Sample[];
}
/**
 * The kernel's memory at a moment, read from outside the cell.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "Sample".
 */
export interface Sample {
  /**
   * Seconds since the epoch
   */
  time: number;
  /**
   * Bytes, in the monitor's live metric
   */
  memory: number;
  /**
   * Bytes of the kernel with its descendant processes: with the process source, the kernel's RSS plus each descendant's USS (as the records' tree); with usage_request, the same as memory (ipykernel's sum of PSS over the tree). Absent from samples of earlier servers.
   */
  tree?: number;
  /**
   * The probe installation that ran in the kernel process when the reading was taken; a kernel restart starts a new one (null before the probe announced itself)
   */
  probe_session: string | null;
  /**
   * The kernel's memory group (or the machine) at the same moment; null where it cannot be read, absent for a kernel that runs elsewhere.
   */
  group?: GroupMemory | null;
}
/**
 * Stream message of WS /memory-inspector/overview/stream: the overview, at once and then when it changed.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "OverviewEvent".
 */
export interface OverviewEvent {
  type: 'overview';
  overview: OverviewReply;
}
/**
 * GET /memory-inspector/overview: every kernel the server runs, in one reply.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "OverviewReply".
 */
export interface OverviewReply {
  /**
   * When it was made (seconds since the epoch, the server's clock)
   */
  time: number;
  kernels: OverviewKernel[];
  /**
   * The sum of the kernels' memory now, in bytes
   */
  total: number;
  /**
   * What all kernels share: the largest memory limit the kernels saw, else the host's memory
   */
  limit: number | null;
  limit_kind: 'limit' | 'host' | null;
  /**
   * total / limit; null without a limit
   */
  share: number | null;
}
/**
 * One running kernel, as the server knows it without calling into it.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "OverviewKernel".
 */
export interface OverviewKernel {
  kernel_id: string;
  /**
   * The kernel spec's name (python3, ...)
   */
  name: string;
  /**
   * The notebook or console of the kernel's session, relative to the server's root; null for a kernel that no session uses
   */
  path: string | null;
  /**
   * The session's type (notebook, console, file, ...); null without a session
   */
  type: string | null;
  /**
   * idle, busy, starting (or restarting), dead, not answering (the process is stopped, or the probe's install got no reply), unknown
   */
  state: 'idle' | 'busy' | 'starting' | 'dead' | 'not answering' | 'unknown';
  /**
   * The state of the kernel's monitor, as in Monitor.state
   */
  monitor_state:
    | 'connecting'
    | 'installing'
    | 'active'
    | 'unsupported'
    | 'failed'
    | 'closed';
  /**
   * Bytes now of the kernel's process tree: for a local kernel, its RSS plus its descendants' USS, read by the server (as the records' tree figures); else the live reader's last reading of the kernel's current process (RSS, or PSS from usage_request); null when it cannot be read
   */
  memory: number | null;
  /**
   * Bytes now of the kernel process alone (its RSS, or the live reader's reading), without its descendants; null when it cannot be read. Absent from servers before it was added
   */
  kernel_memory?: number | null;
  /**
   * How many descendants the kernel process has now (workers, subprocesses), listed from /proc; null where they cannot be listed (a remote kernel, not Linux). Absent from servers before it was added
   */
  child_processes?: number | null;
  /**
   * The highest reading of the kernel's current process tree since it started (live readings and the cells' tree peaks); null before any
   */
  peak: number | null;
  /**
   * What the share counts against: the memory limit the newest record saw, else the host's memory; null before any record
   */
  limit: number | null;
  limit_kind: 'limit' | 'host' | null;
  /**
   * memory / limit; null without both
   */
  share: number | null;
  /**
   * The newest cell run that the kernel's probe recorded; null before any
   */
  last_cell: OverviewLastCell | null;
}
/**
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "OverviewLastCell".
 */
export interface OverviewLastCell {
  execution_count: number | null;
  cell_id: string | null;
  /**
   * When it ended (seconds since the epoch)
   */
  end: number;
  /**
   * As the record's status
   */
  status: string;
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
  /**
   * The structured form of the message, for the translator (absent: only the English is known)
   */
  messages?: {
    message: Message;
  };
}
/**
 * POST /memory-inspector/kernels/<id>/config: the settings to change.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ConfigRequest".
 */
export interface ConfigRequest {
  /**
   * Whether tracemalloc traces allocations (slows allocation-heavy code several times over)
   */
  tracing?: boolean;
  /**
   * Frames kept per traced allocation
   */
  nframes?: number;
  /**
   * Seconds the variable scan may take after each cell
   */
  scan_budget?: number;
  /**
   * How many of the largest variables each record lists
   */
  max_variables?: number;
  /**
   * Seconds between live memory readings while a cell runs
   */
  sample_interval?: number;
}
/**
 * The reply to a ConfigRequest: applied (200), or waiting for the busy kernel (202). `config` is what the next cells will run with.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ConfigReply".
 */
export interface ConfigReply {
  /**
   * false when the kernel is busy: the settings apply once it is idle, and the stream announces them
   */
  applied: boolean;
  config: KernelSettings;
}
/**
 * A kernel's settings: the probe's, and how often the server reads its memory while a cell runs.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "KernelSettings".
 */
export interface KernelSettings {
  /**
   * Whether tracemalloc traces allocations (slows allocation-heavy code several times over)
   */
  tracing: boolean;
  /**
   * Frames kept per traced allocation
   */
  nframes: number;
  /**
   * Seconds the variable scan may take after each cell
   */
  scan_budget: number;
  /**
   * How many of the largest variables each record lists
   */
  max_variables: number;
  /**
   * Seconds between live memory readings while a cell runs
   */
  sample_interval: number;
}
/**
 * POST /memory-inspector/kernels/<id>/collect: what a full gc.collect() in the kernel freed.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "CollectReply".
 */
export interface CollectReply {
  /**
   * Unreachable objects found
   */
  collected: number;
  /**
   * len(gc.garbage) after the collection
   */
  uncollectable: number;
  rss_before: number;
  rss_after: number;
  /**
   * Seconds the collection took
   */
  duration: number;
}
/**
 * One way to get memory back, with its code and an honest estimate.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "Suggestion".
 */
export interface Suggestion {
  /**
   * Stable within one state of the kernel, to choose suggestions by
   */
  id: string;
  /**
   * del, xdel (IPython's %xdel: also the output cache), clear (empty a container later cells use), none (name = None: a later cell assigns it again), exception (release the last exception's frames), close (an open file or socket), gc (collect reference cycles), malloc_trim (glibc's freed heap back to the OS), cuda (PyTorch's CUDA cache)
   */
  kind:
    | 'del'
    | 'xdel'
    | 'clear'
    | 'none'
    | 'exception'
    | 'close'
    | 'gc'
    | 'malloc_trim'
    | 'cuda';
  title: string;
  /**
   * The code that does it, as it goes into the free-memory cell
   */
  code: string;
  /**
   * Why, in one line
   */
  reason: string;
  /**
   * Memory expected back; 0 when something that the code cannot remove still holds the object
   */
  expected_bytes: number;
  confidence: 'high' | 'medium' | 'low';
  /**
   * The names (or places) it lets go of
   */
  names: string[];
  /**
   * What could break: a later cell that reads a deleted name
   */
  warnings: string[];
  /**
   * Whether the free-memory cell takes it when the user has not chosen: it is expected to give memory back and no later cell reads (or may read) what it deletes, empties or rebinds. Absent: expected_bytes > 0
   */
  chosen_by_default?: boolean;
  /**
   * The structured form of title, reason and warnings (one per warning, in order), for the translator (absent: only the English is known)
   */
  messages?: {
    title: Message;
    reason: Message;
    warnings: Message[];
  };
}
/**
 * A code cell of the notebook, as the frontend sends it.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "NotebookCell".
 */
export interface NotebookCell {
  id: string;
  /**
   * No bound of its own: a notebook may hold one huge cell (pasted data), and the request's size is bounded by the server's body limit
   */
  source: string;
  /**
   * How to name the cell in messages, e.g. [7]
   */
  label?: string;
}
/**
 * POST /memory-inspector/kernels/<id>/advice
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "AdviceRequest".
 */
export interface AdviceRequest {
  /**
   * The notebook's code cells in order, to see which names later cells use
   *
   * @maxItems 20000
   */
  cells: NotebookCell[];
  /**
   * The cell the free-memory cell goes below; only cells after it count as later. null or absent: none counts.
   */
  cell_id?: string | null;
  /**
   * Suggestion ids to put in the free-memory cell; absent: every suggestion expected to give memory back
   */
  choose?: string[];
}
/**
 * One object's data that others hold too: it comes back, once, when its suggestion runs and so do those of the other holders; with some kept, at most bytes less what the kept ones hold.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "SharedGain".
 */
export interface SharedGain {
  /**
   * The id of the suggestion that lets go of the object whose size counts this data
   */
  suggestion: string;
  /**
   * That object, as listed in the variables
   */
  name: string;
  /**
   * The data it holds together with the others, counted once
   */
  bytes: number;
  /**
   * The other objects that hold part of it
   */
  holders: {
    /**
     * The other object, as listed in the variables
     */
    name: string;
    /**
     * The id of the suggestion that lets go of it; null: no suggestion does
     */
    suggestion: string | null;
    /**
     * Bytes of the data it holds
     */
    size: number;
  }[];
}
/**
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "FreeMemoryCell".
 */
export interface FreeMemoryCell {
  source: string;
  /**
   * Bytes the cell is expected to give back
   */
  predicted: number;
  /**
   * The ids of the suggestions it holds
   */
  suggestions: string[];
}
/**
 * What the probe measured for the advice, without changing anything.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "AdviceFacts".
 */
export interface AdviceFacts {
  resources: {
    name: string;
    kind: 'file' | 'socket' | 'mmap';
    type: string;
    detail: string;
    size: number;
  }[];
  /**
   * glibc's heap (mallinfo2); null elsewhere
   */
  malloc: null | {
    free: number;
    in_use: number;
    /**
     * What malloc_trim(0) could give back, bounded by the anonymous RSS that live allocations do not explain
     */
    trimmable: number;
  };
  torch_cuda: null | {
    reserved: number;
    allocated: number;
    cached: number;
  };
  /**
   * What gc.collect() would free now
   */
  garbage: {
    objects: number | null;
    bytes: number | null;
    /**
     * false when the heap was too large to search in time
     */
    complete: boolean;
  };
}
/**
 * The suggestions for a kernel, and the free-memory cell for the chosen ones.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "AdviceReply".
 */
export interface AdviceReply {
  /**
   * Most memory back first
   */
  suggestions: Suggestion[];
  cell: FreeMemoryCell;
  /**
   * Data several listed objects hold together, which comes back only when the suggestions letting go of them run together; the cell's predicted bytes and the panel's total add it (absent from older servers: none)
   */
  shared?: SharedGain[];
  facts: AdviceFacts;
  /**
   * The record whose variables the advice used; 0: none yet
   */
  record_seq: number;
}
/**
 * POST /memory-inspector/kernels/<id>/report: the session's report, to download or to save next to the notebook.
 *
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ReportRequest".
 */
export interface ReportRequest {
  format: 'html' | 'json' | 'csv' | 'markdown';
  /**
   * The notebook's path relative to the server's root; the report is saved beside it as <name>-memory-report.<ext>
   */
  notebook_path: string;
  /**
   * The notebook's code cells, for each run's first source line
   *
   * @maxItems 20000
   */
  cells: NotebookCell[];
  /**
   * true: write the file beside the notebook and reply ReportSaved; false (default): reply with the file itself
   */
  save?: boolean;
}
/**
 * This interface was referenced by `MemoryInspectorApi`'s JSON-Schema
 * via the `definition` "ReportSaved".
 */
export interface ReportSaved {
  /**
   * Where the report was written, relative to the server's root
   */
  path: string;
}
