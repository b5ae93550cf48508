import { CellRecord, Monitor, RecordEntry, Sample } from '../schema';
import { groupShare, IGroupShare } from './groupShare';
import { sampleMemory, treeFigures } from '../util/tree';

/**
 * The kernel's memory now, as the panel header and the status bar show it.
 */
export interface IMemorySummary {
  /**
   * The newest reading, in bytes.
   */
  bytes: number;
  /**
   * When it was read (seconds since the epoch, the server's clock).
   */
  time: number;
  /**
   * What was read: RSS (the records, and live readings of a local kernel) or PSS
   * (ipykernel's usage_request).
   */
  metric: 'rss' | 'pss';
  /**
   * What the share counts against: the memory limit, or the host's memory without one.
   */
  limit: number | null;
  limitKind: 'limit' | 'host' | null;
  /**
   * `bytes / limit`; null without a limit.
   */
  share: number | null;
  /**
   * The group's usage in all and what else uses it, where the server reads the group: then
   * `limit`, `limitKind` and `share` are the group's (see groupShare.ts).
   */
  group?: Pick<IGroupShare, 'groupBytes' | 'others'>;
}

/**
 * What a summary is made from: a kernel's `IKernelMemory` is one; tests pass plain data.
 */
export interface ISummaryInput {
  records: readonly RecordEntry[];
  samples: readonly Sample[];
  restarts: readonly number[];
  monitor: Monitor | null;
  currentSession: string | null;
}

/**
 * The newest reading of the kernel's current process, with its share of the limit; null
 * before anything was measured in it.
 */
export function memorySummary(input: ISummaryInput): IMemorySummary | null {
  let record: CellRecord | undefined;
  for (let i = input.records.length - 1; i >= 0; i--) {
    const candidate = input.records[i]!.record;
    if (candidate.probe_session === input.currentSession) {
      record = candidate;
      break;
    }
  }
  const restart = input.restarts[input.restarts.length - 1] ?? -Infinity;
  const last = input.samples[input.samples.length - 1];
  const sample = last && last.time > restart ? last : undefined;

  let bytes: number;
  let time: number;
  let metric: 'rss' | 'pss';
  if (sample && (!record || sample.time >= record.end)) {
    bytes = sampleMemory(sample);
    time = sample.time;
    metric = input.monitor?.live.metric === 'pss' ? 'pss' : 'rss';
  } else if (record) {
    bytes = treeFigures(record).after;
    time = record.end;
    metric = 'rss';
  } else {
    return null;
  }

  // The limit is the container's, the same for every process of the kernel.
  const known = record ?? input.records[input.records.length - 1]?.record;
  let limit: number | null = null;
  let limitKind: IMemorySummary['limitKind'] = null;
  if (known?.limit.bytes) {
    limit = known.limit.bytes;
    limitKind = 'limit';
  } else if (known?.host.total) {
    limit = known.host.total;
    limitKind = 'host';
  }
  const group = groupShare(bytes, sample, input.monitor);
  if (group) {
    const { groupBytes, others, ...share } = group;
    return { bytes, time, metric, ...share, group: { groupBytes, others } };
  }
  return {
    bytes,
    time,
    metric,
    limit,
    limitKind,
    share: limit ? bytes / limit : null
  };
}
