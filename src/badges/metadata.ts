import { CellRecord } from '../schema';

/**
 * The cell metadata key under which a cell's last record is saved.
 */
export const METADATA_KEY = 'memory_inspector';

/**
 * A record as saved in a cell's metadata: all of it but the variables, which are bulky and
 * name what the user's namespace held.
 */
export type SavedRecord = Omit<CellRecord, 'variables'>;

/**
 * What to save in the metadata for a record (also one the model already keeps without its
 * variables).
 */
export function recordForMetadata(record: SavedRecord): SavedRecord {
  const saved: Partial<CellRecord> = { ...record };
  delete saved.variables;
  return saved as SavedRecord;
}

/**
 * Whether the metadata already holds this very run, so that saving it again (when the
 * stream replays the history after a reload) would only mark the notebook as changed.
 */
export function isSameRun(
  saved: SavedRecord | null,
  record: SavedRecord
): boolean {
  return (
    saved !== null &&
    saved.probe_session === record.probe_session &&
    saved.msg_id === record.msg_id &&
    saved.start === record.start
  );
}

const NUMBERS: (keyof SavedRecord)[] = [
  'start',
  'end',
  'duration',
  'rss_before',
  'rss_after',
  'rss_delta',
  'peak'
];

/**
 * The record saved in a cell's metadata, if the value is one: a notebook comes from anywhere,
 * so anything that does not have the figures a badge shows is ignored.
 */
export function readSavedRecord(value: unknown): SavedRecord | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const saved = value as Record<string, unknown>;
  for (const key of NUMBERS) {
    if (typeof saved[key] !== 'number' || !Number.isFinite(saved[key])) {
      return null;
    }
  }
  if (
    typeof saved.probe_session !== 'string' ||
    !['vmhwm', 'sampling', 'endpoints'].includes(String(saved.peak_method)) ||
    !saved.gc ||
    typeof saved.gc !== 'object' ||
    !saved.limit ||
    typeof saved.limit !== 'object' ||
    !saved.host ||
    typeof saved.host !== 'object'
  ) {
    return null;
  }
  return saved as unknown as SavedRecord;
}
