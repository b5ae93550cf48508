import {
  isSameRun,
  readSavedRecord,
  recordForMetadata
} from '../badges/metadata';
import { makeRecord } from './records';

describe('recordForMetadata', () => {
  it('keeps everything but the variables', () => {
    const record = makeRecord();
    const saved = recordForMetadata(record);
    expect('variables' in saved).toBe(false);
    expect(saved.rss_delta).toBe(record.rss_delta);
    expect(saved.gc).toEqual(record.gc);
    expect(record.variables).toBeDefined();
  });

  it('survives a round trip through JSON', () => {
    const saved = recordForMetadata(makeRecord());
    expect(readSavedRecord(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });
});

describe('readSavedRecord', () => {
  it('ignores anything that is not a record', () => {
    expect(readSavedRecord(undefined)).toBeNull();
    expect(readSavedRecord('record')).toBeNull();
    expect(readSavedRecord([])).toBeNull();
    const saved = recordForMetadata(makeRecord()) as unknown as Record<
      string,
      unknown
    >;
    expect(readSavedRecord({ ...saved, rss_delta: '12' })).toBeNull();
    expect(readSavedRecord({ ...saved, peak: Infinity })).toBeNull();
    expect(readSavedRecord({ ...saved, peak_method: 'guess' })).toBeNull();
    const noGc = { ...saved };
    delete noGc.gc;
    expect(readSavedRecord(noGc)).toBeNull();
  });
});

describe('isSameRun', () => {
  it('recognises a run already saved, so that a replay does not dirty the notebook', () => {
    const record = makeRecord();
    expect(isSameRun(recordForMetadata(record), record)).toBe(true);
    expect(isSameRun(null, record)).toBe(false);
    expect(
      isSameRun(recordForMetadata(record), makeRecord({ msg_id: 'msg-2' }))
    ).toBe(false);
  });
});
