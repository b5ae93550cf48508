import { nullTranslator } from '@jupyterlab/translation';

import { holderText } from '../badges/leakBudget';
import { badgeText } from '../badges/text';
import { metricWords } from '../util/metricWords';
import { viewOfText } from '../util/viewWords';
import { makeRecord, makeTree, MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

// The kernel's own names for memory and for what holds it, never shown without words.
const INTERNAL =
  /\b(RSS|USS|PSS|vmhwm|VmHWM|user_ns\w*|displayhook|sys\.last_\w+|tracemalloc)\b/;

const TWO_WORKERS = makeTree([
  { pid: 201, name: 'worker', kernel: false, memory: null, at_peak: 400 * MiB }
]);

describe('words where the kernel’s names for things used to show', () => {
  it('says what a badge’s memory is, in words', () => {
    const plain = badgeText(makeRecord(), trans).tooltip;
    expect(plain).toContain('Memory the kernel uses: 100 MiB → 612 MiB');
    expect(plain).not.toMatch(INTERNAL);
    const tree = badgeText(makeRecord({ tree: TWO_WORKERS }), trans).tooltip;
    expect(tree).toContain(
      'Processes (a child process counts only the memory it does not share with the kernel):'
    );
    expect(tree).not.toMatch(INTERNAL);
  });

  it('names what keeps a leak, as a person names it', () => {
    const holder = { name: 'Out', type: '', growth: 1 };
    expect(holderText({ ...holder, kind: 'exception' }, trans)).toBe(
      'the last error'
    );
    expect(holderText({ ...holder, kind: 'output_cache' }, trans)).toBe(
      "IPython's output history"
    );
  });

  it('labels the memory figure in words, the exact measure in its tooltip', () => {
    for (const metric of ['rss', 'pss'] as const) {
      const words = metricWords(metric, trans);
      expect(words.label).not.toMatch(INTERNAL);
      expect(words.exact).toContain(metric.toUpperCase());
    }
    expect(metricWords('rss', trans).label).toBe('in use');
  });

  it('says what a view’s data belongs to, also when no variable holds it', () => {
    expect(viewOfText('an array that no variable holds', trans)).toBe(
      'view of an array that no variable holds'
    );
    expect(viewOfText('a tensor that no variable holds', trans)).toBe(
      'view of a tensor that no variable holds'
    );
    expect(viewOfText('df', trans)).toBe('view of df');
  });
});
