import { TranslationBundle } from '@jupyterlab/translation';

// The probe's words for a view whose base no variable holds (probe/lib_numpy.py and
// probe/lib_torch.py, VIEW); any other `view_of` is the base's name.
const UNNAMED_BASE: Record<string, (trans: TranslationBundle) => string> = {
  'an array that no variable holds': trans =>
    trans.__('view of an array that no variable holds'),
  'a tensor that no variable holds': trans =>
    trans.__('view of a tensor that no variable holds')
};

/**
 * What a view's data belongs to, in the user's language.
 */
export function viewOfText(viewOf: string, trans: TranslationBundle): string {
  const unnamed = UNNAMED_BASE[viewOf];
  return unnamed ? unnamed(trans) : trans.__('view of %1', viewOf);
}
