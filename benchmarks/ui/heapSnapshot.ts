import { CDPSession } from '@playwright/test';

/**
 * Count and self size of a heap's objects, by kind and constructor name.
 */
export type HeapSummary = Map<string, { count: number; bytes: number }>;

interface ISnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * Take a heap snapshot of the page (after a garbage collection, as V8 does for a snapshot)
 * and sum it by constructor.
 */
export async function heapSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as ISnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map(field =>
    fields.indexOf(field)
  ) as [number, number, number];
  // V8 marks DOM wrappers whose node left the document (2): what a view forgot to let go.
  const detachedness = fields.indexOf('detachedness');
  const summary: HeapSummary = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const detached =
      detachedness >= 0 && snapshot.nodes[i + detachedness] === 2
        ? 'detached '
        : '';
    const key = `${detached}${types[snapshot.nodes[i + type]!]} ${snapshot.strings[snapshot.nodes[i + name]!]!.slice(0, 60)}`;
    const entry = summary.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += snapshot.nodes[i + size]!;
    summary.set(key, entry);
  }
  return summary;
}

/**
 * What grew most between two summaries, by self size: `top` lines of kind, constructor,
 * objects added and KiB added.
 */
export function growth(
  before: HeapSummary,
  after: HeapSummary,
  top = 25
): { what: string; objects: number; kib: number }[] {
  return [...after.entries()]
    .map(([what, { count, bytes }]) => {
      const old = before.get(what) ?? { count: 0, bytes: 0 };
      return {
        what,
        objects: count - old.count,
        kib: Math.round((bytes - old.bytes) / 102.4) / 10
      };
    })
    .sort((a, b) => b.kib - a.kib)
    .slice(0, top);
}
