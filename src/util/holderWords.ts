import { TranslationBundle } from '@jupyterlab/translation';

import { Holder } from '../schema';

/**
 * One thing that holds an object, as a person names it, with the exact expressions that
 * reach it (for a tooltip): several of IPython's references to one output, or the frames
 * of the last error reached from `sys.last_traceback` and `InteractiveTB.tb`, are one holder.
 */
export interface IHolderChip {
  text: string;
  exact: string[];
}

const OUTPUT_OF_CELL = /^(?:Out\[(\d+)\]|_(\d+)|user_ns_hidden\['_(\d+)'\])$/;
const ERROR_FRAME = /^[^:]+: (.+)$/;
const MEMBER = /^(.+) \(a member\)$/;
const KEY = /^(.+) \(key .+\)$/;

/**
 * The holders of one object in plain words, each named once, in the order found; the
 * translated twin of the server's `advice/holder_words.py`.
 */
export function holderChips(
  holders: readonly Holder[],
  trans: TranslationBundle
): IHolderChip[] {
  const chips = new Map<string, string[]>();
  const frames = new Set<string>();
  let errorKey: string | null = null;
  for (const holder of holders) {
    let key: string;
    if (holder.kind === 'exception') {
      frames.add(ERROR_FRAME.exec(holder.where)?.[1] ?? holder.where);
      key = errorKey ??= 'exception';
    } else {
      key = oneHolder(holder, trans);
    }
    chips.set(key, [...(chips.get(key) ?? []), holder.where]);
  }
  return [...chips].map(([key, exact]) => ({
    text:
      key === errorKey
        ? trans._n(
            'the last error (%1 frame)',
            'the last error (%1 frames)',
            frames.size
          )
        : key,
    exact
  }));
}

function oneHolder(holder: Holder, trans: TranslationBundle): string {
  const where = holder.where;
  switch (holder.kind) {
    case 'output_cache': {
      const match = OUTPUT_OF_CELL.exec(where);
      return match
        ? trans.__('the output of [%1]', match[1] ?? match[2] ?? match[3])
        : trans.__("IPython's output history");
    }
    case 'view':
      return trans.__('%1 (a view of its data)', where);
    case 'base':
      return trans.__('%1 (whose data it views)', where);
    case 'container': {
      const member = MEMBER.exec(where);
      if (member) {
        return trans.__('a member of %1', member[1]);
      }
      const key = KEY.exec(where);
      return key ? trans.__('a key of %1', key[1]) : where;
    }
    default:
      return where;
  }
}
