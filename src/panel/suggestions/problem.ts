import { TranslationBundle } from '@jupyterlab/translation';

import { isBusyError } from '../../model/errors';
import { errorWords } from '../../util/message';

/**
 * What the suggestions section tells the user after an action or a failed request.
 */
export interface IMessage {
  kind: 'busy' | 'error' | 'done' | 'changed';
  text: string;
}

/**
 * The message for a failed request. A kernel that cannot answer now (a cell runs, or it did
 * not answer in time) is a state to wait out: the server's own words, as a sentence, and the
 * section asks again when the kernel's state changes. Anything else is an error.
 */
export function problemMessage(
  error: unknown,
  trans: TranslationBundle
): IMessage {
  const message = errorWords(error, trans);
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  if (isBusyError(error)) {
    return { kind: 'busy', text: text.endsWith('.') ? text : `${text}.` };
  }
  return {
    kind: 'error',
    text: trans.__('Could not ask the kernel for suggestions: %1', message)
  };
}
