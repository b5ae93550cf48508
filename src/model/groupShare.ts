import { GroupMemory, Monitor, Sample } from '../schema';

/**
 * The share of a limit, counted like with like: a container's limit applies to everything in
 * its group (the server, every kernel, their children), so the share is the group's usage
 * against the group's limit, never one kernel's memory against it. Without a group limit the
 * server reads the machine (its memory in use against its total).
 */
export interface IGroupShare {
  limit: number;
  limitKind: 'limit' | 'host';
  share: number;
  /**
   * What the group (or the machine) uses in all, in bytes.
   */
  groupBytes: number;
  /**
   * What else uses it: the group's usage beyond this kernel's reading (other kernels, the
   * server, other processes); never below zero.
   */
  others: number;
}

/**
 * The group's share at the newest reading: that of `sample` when it carries the group's
 * reading, else the monitor's; null where the server reads no group (a remote kernel).
 */
export function groupShare(
  bytes: number,
  sample: Sample | undefined,
  monitor: Monitor | null
): IGroupShare | null {
  const group: GroupMemory | null | undefined = sample?.group ?? monitor?.group;
  if (!group || group.limit <= 0) {
    return null;
  }
  return {
    limit: group.limit,
    limitKind: group.scope === 'group' ? 'limit' : 'host',
    share: group.usage / group.limit,
    groupBytes: group.usage,
    others: Math.max(0, group.usage - bytes)
  };
}
