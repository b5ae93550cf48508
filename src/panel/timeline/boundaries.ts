import { LifecycleEvent, RecordEntry, Sample } from '../../schema';

/**
 * Why the kernel's process was replaced at a boundary of the timeline.
 */
export type BoundaryKind = 'restart' | 'died';

/**
 * The most time between a death the server saw and the restart boundary it belongs to.
 */
const DEATH_WINDOW_S = 60;

/**
 * The kind of each boundary: a death the server reported marks the nearest boundary (the
 * restart that followed it), within a minute.
 */
export function boundaryKinds(
  boundaries: readonly number[],
  lifecycle: readonly LifecycleEvent[]
): BoundaryKind[] {
  const kinds: BoundaryKind[] = boundaries.map(() => 'restart');
  for (const event of lifecycle) {
    if (event.event !== 'died') {
      continue;
    }
    let nearest = -1;
    for (let i = 0; i < boundaries.length; i++) {
      const distance = Math.abs(boundaries[i]! - event.time);
      if (
        distance <= DEATH_WINDOW_S &&
        (nearest < 0 || distance < Math.abs(boundaries[nearest]! - event.time))
      ) {
        nearest = i;
      }
    }
    if (nearest >= 0) {
      kinds[nearest] = 'died';
    }
  }
  return kinds;
}

/**
 * The times at which the kernel restarted: those seen happen, and those that the records and
 * samples imply (a new probe session) where none was seen, placed between the last reading
 * of the old process and the first of the new.
 *
 * Records and samples each come in time order, so one merge walk finds every change.
 */
export function restartBoundaries(
  records: readonly RecordEntry[],
  samples: readonly Sample[],
  restarts: readonly number[]
): number[] {
  const boundaries = [...restarts];
  let previous: { time: number; session: string } | null = null;
  const note = (time: number, session: string | null) => {
    if (session === null) {
      return;
    }
    if (previous && previous.session === session) {
      // A record's end is noted with its start, before the samples taken while it ran.
      previous.time = Math.max(previous.time, time);
      return;
    }
    if (previous) {
      const from = previous.time;
      if (!restarts.some(restart => restart >= from && restart <= time)) {
        boundaries.push((from + time) / 2);
      }
    }
    previous = { time, session };
  };
  let i = 0;
  let j = 0;
  while (i < records.length || j < samples.length) {
    const record = records[i]?.record;
    const sample = samples[j];
    if (record && (!sample || record.start <= sample.time)) {
      note(record.start, record.probe_session);
      note(record.end, record.probe_session);
      i += 1;
    } else if (sample) {
      note(sample.time, sample.probe_session);
      j += 1;
    }
  }
  return boundaries.sort((a, b) => a - b);
}

/**
 * The segment (kernel process) of a moment: how many restarts came before it.
 */
export function segmentAt(time: number, boundaries: readonly number[]): number {
  let segment = 0;
  while (segment < boundaries.length && time > boundaries[segment]!) {
    segment += 1;
  }
  return segment;
}
