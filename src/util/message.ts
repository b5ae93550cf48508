import { TranslationBundle } from '@jupyterlab/translation';

import { Message, Suggestion } from '../schema';

/**
 * Words the server made for people, in the user's language: the message's id is the English
 * with `%1`, `%2` where its arguments go, as `trans.__` takes it; an argument that is itself
 * a message (a holder's words inside a suggestion's reason) is translated first.
 */
export function translateMessage(
  message: Message,
  trans: TranslationBundle
): string {
  const args = message.args.map(arg =>
    typeof arg === 'object' ? translateMessage(arg, trans) : arg
  );
  // The one dynamic msgid: the server's ids are the English of its messages, listed in the
  // Python package where they are made (message.py's callers), not literals of this bundle.
  // eslint-disable-next-line jupyter/no-dynamic-translation
  return trans.__(message.id, ...args);
}

/**
 * A text the server sent, translated when it came with its structured form; the English as
 * sent when it did not (a server of an earlier release, a suggestion read from a report) or
 * when that form is not one (REST replies are not checked against the schema).
 */
export function serverWords(
  text: string,
  message: Message | undefined,
  trans: TranslationBundle
): string {
  return isMessage(message) ? translateMessage(message, trans) : text;
}

function isMessage(value: unknown): value is Message {
  const message = value as Message | null | undefined;
  return (
    typeof message?.id === 'string' &&
    Array.isArray(message.args) &&
    message.args.every(
      arg =>
        typeof arg === 'string' || typeof arg === 'number' || isMessage(arg)
    )
  );
}

/**
 * What a failed request says to the user: the server's words, translated when it sent
 * their structured form, or the error's own message.
 */
export function errorWords(error: unknown, trans: TranslationBundle): string {
  const words = (error as { words?: Message } | null)?.words;
  const text = (error as Error | null)?.message ?? String(error);
  return serverWords(text, words, trans);
}

/**
 * A suggestion's title, reason and warnings as the panel shows them.
 */
export function suggestionWords(
  suggestion: Suggestion,
  trans: TranslationBundle
): { title: string; reason: string; warnings: string[] } {
  const messages = suggestion.messages;
  return {
    title: serverWords(suggestion.title, messages?.title, trans),
    reason: serverWords(suggestion.reason, messages?.reason, trans),
    warnings: suggestion.warnings.map((warning, index) =>
      serverWords(warning, messages?.warnings[index], trans)
    )
  };
}
