import { nullTranslator } from '@jupyterlab/translation';

import { memorySummary } from '../model/summary';
import { othersText } from '../util/groupText';
import { deathText, guardText } from '../util/guardText';
import { makeEntry, makeSummaryInput, MiB } from './records';

const T0 = 1_700_000_000;
const GiB = 1024 * MiB;
const trans = nullTranslator.load('jupyterlab-memory-inspector');

describe('the share of a group limit', () => {
  // The example: a kernel at 3 GiB beside another at 4 GiB in an 8 GiB container.
  const sample = {
    time: T0,
    memory: 3 * GiB,
    probe_session: 'session-1',
    group: {
      scope: 'group' as const,
      usage: 7.2 * GiB,
      limit: 8 * GiB,
      oom_kills: 0
    }
  };

  it("is the group's usage against its limit, not the kernel's", () => {
    const summary = memorySummary(makeSummaryInput({ samples: [sample] }))!;
    expect(summary.bytes).toBe(3 * GiB);
    expect(summary.limitKind).toBe('limit');
    expect(summary.limit).toBe(8 * GiB);
    expect(summary.share).toBeCloseTo(0.9);
    expect(summary.group).toEqual({
      groupBytes: 7.2 * GiB,
      others: 4.2 * GiB
    });
    expect(othersText(summary, trans)).toBe(
      ' (its group: 7.20 GiB in all, 4.20 GiB of it other kernels, the server and other processes)'
    );
  });

  it("is the machine's memory in use where no group has a limit", () => {
    const summary = memorySummary(
      makeSummaryInput({
        samples: [
          {
            ...sample,
            group: {
              scope: 'host',
              usage: 12 * GiB,
              limit: 16 * GiB,
              oom_kills: null
            }
          }
        ]
      })
    )!;
    expect(summary.limitKind).toBe('host');
    expect(summary.share).toBeCloseTo(0.75);
  });

  it("falls back to the record's limit where the server reads no group", () => {
    const records = [
      makeEntry(1, {
        end: T0,
        rss_after: 3 * GiB,
        limit: { bytes: 8 * GiB, source: 'cgroup1' }
      })
    ];
    const summary = memorySummary(makeSummaryInput({ records }))!;
    expect(summary.share).toBeCloseTo(3 / 8);
    expect(summary.group).toBeUndefined();
    expect(othersText(summary, trans)).toBe('');
  });
});

describe('what the out-of-memory guard did, and why the kernel died', () => {
  const guard = {
    action: 'interrupted' as const,
    scope: 'group' as const,
    usage: 665 * MiB,
    limit: 700 * MiB,
    threshold: 0.9,
    highest_after: 665 * MiB,
    stopped: true
  };

  it('says the cell was stopped and the variables kept', () => {
    expect(guardText(guard, trans)).toBe(
      'Stopped at 665 MiB of a 700 MiB limit so that the kernel would not be killed; your variables are kept.'
    );
  });

  it('says so honestly when the cell went on growing', () => {
    expect(
      guardText({ ...guard, stopped: false, highest_after: 690 * MiB }, trans)
    ).toContain('but the cell kept growing to 690 MiB');
  });

  it('names an out-of-memory kill with its cell', () => {
    expect(
      deathText(
        {
          cause: 'oom_kill',
          evidence: 'the memory group counted an out-of-memory kill',
          exit_code: -9,
          usage: 698 * MiB,
          limit: 700 * MiB,
          execution_count: 2
        },
        trans
      )
    ).toBe(
      'Out of memory: the kernel was killed at 698 MiB of 700 MiB while running [2] (the memory group counted an out-of-memory kill); its variables were lost.'
    );
  });

  it('says why nothing is known of a remote kernel’s death', () => {
    const death = {
      cause: 'unknown' as const,
      evidence:
        'the kernel runs elsewhere (behind a kernel gateway): this server cannot see its process, so no cause is known',
      exit_code: null,
      execution_count: 2
    };
    expect(deathText(death, trans)).toBe(
      'The kernel died while running [2]: the kernel runs elsewhere (behind a kernel gateway): this server cannot see its process, so no cause is known.'
    );
    expect(deathText({ ...death, evidence: '' }, trans)).toBe(
      'The kernel died while running [2]; its exit status is unknown.'
    );
  });
});
