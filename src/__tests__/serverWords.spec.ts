import { Gettext, TranslationBundle } from '@jupyterlab/translation';

import { leftOutText } from '../freeMemory/choice';
import { MemoryInspectorRequestError } from '../model/errors';
import { ActiveKernelMemory } from '../model/activeKernel';
import { MemoryInspector } from '../model/inspector';
import { panelMessage } from '../panel/header/header';
import { problemMessage } from '../panel/suggestions/problem';
import { AdviceReply, Message, Suggestion } from '../schema';
import {
  serverWords,
  suggestionWords,
  translateMessage
} from '../util/message';
import { evidenceText } from '../util/evidenceWords';
import { COMPATIBLE_INFO, fakeServerSettings } from './fakeSocket';
import { MiB } from './records';

// A language the server does not speak: any text that reaches the page without going
// through the translator stays in English and fails these tests.
const FRENCH: Record<string, string> = {
  'Delete %1': 'Supprimer %1',
  'also held by %1, which the code lets go of too':
    'aussi tenu par %1, que le code libère aussi',
  '%1 and %2': '%1 et %2',
  '%1, %2': '%1, %2',
  'the output of [%1]': 'la sortie de [%1]',
  'the last error (%1 frames)': 'la dernière erreur (%1 cadres)',
  "IPython's output history": "l'historique des sorties d'IPython",
  '%1 reads %2: %3': '%1 lit %2 : %3',
  'ended by %1': 'arrêté par %1',
  '%1 kernels are not supported': 'les noyaux %1 ne sont pas pris en charge',
  'The Memory Inspector does not support this kernel (%1): it measures Python kernels only.':
    'L’inspecteur de mémoire ne prend pas en charge ce noyau (%1) : il ne mesure que les noyaux Python.',
  'the memory group counted an out-of-memory kill':
    'le groupe de mémoire a compté un arrêt pour manque de mémoire',
  'the kernel runs elsewhere (behind a kernel gateway): this server cannot see its process, so no cause is known':
    'le noyau tourne ailleurs (derrière une passerelle) : ce serveur ne voit pas son processus, aucune cause n’est donc connue',
  'Left out: %1 (a later cell needs it).':
    'Laissé de côté : %1 (une cellule suivante en a besoin).',
  'the kernel did not answer in %1 s; it may be busy in native code':
    'le noyau n’a pas répondu en %1 s ; il est peut-être occupé dans du code natif'
};

const french = {
  __: (id: string, ...args: unknown[]) =>
    Gettext.strfmt(FRENCH[id] ?? `UNTRANSLATED(${id})`, ...args)
} as unknown as TranslationBundle;

function message(id: string, ...args: Message['args']): Message {
  return { id, args };
}

const HELD_BY = message(
  'also held by %1, which the code lets go of too',
  message(
    '%1 and %2',
    message(
      '%1, %2',
      message('the output of [%1]', '5'),
      message("IPython's output history")
    ),
    message('the last error (%1 frames)', 6)
  )
);

const ENGLISH_TITLE = 'Delete df';

function deleteDf(messages: boolean): Suggestion {
  return {
    id: 'xdel:df',
    kind: 'xdel',
    title: ENGLISH_TITLE,
    code: '%xdel df',
    reason:
      "also held by the output of [5], IPython's output history and the last error (6 frames), which the code lets go of too",
    expected_bytes: 300 * MiB,
    confidence: 'high',
    names: ['df'],
    warnings: ['[9] reads df: df.head()'],
    chosen_by_default: false,
    ...(messages
      ? {
          messages: {
            title: message('Delete %1', 'df'),
            reason: HELD_BY,
            warnings: [message('%1 reads %2: %3', '[9]', 'df', 'df.head()')]
          }
        }
      : {})
  };
}

describe('words the server sends, in the user’s language', () => {
  it('translates a message and the messages inside it', () => {
    expect(translateMessage(HELD_BY, french)).toBe(
      "aussi tenu par la sortie de [5], l'historique des sorties d'IPython et la dernière erreur (6 cadres), que le code libère aussi"
    );
  });

  it('keeps the English of a server that sent no structured form, or a broken one', () => {
    expect(serverWords('Delete df', undefined, french)).toBe('Delete df');
    const broken = { id: 'Delete %1', args: 'df' } as unknown as Message;
    expect(serverWords('Delete df', broken, french)).toBe('Delete df');
  });

  it('shows a suggestion’s title, reason and warnings translated', () => {
    const words = suggestionWords(deleteDf(true), french);
    expect(words.title).toBe('Supprimer df');
    expect(words.reason).toBe(
      "aussi tenu par la sortie de [5], l'historique des sorties d'IPython et la dernière erreur (6 cadres), que le code libère aussi"
    );
    expect(words.warnings).toEqual(['[9] lit df : df.head()']);
    // A suggestion without the structured form is shown in the server's English.
    expect(suggestionWords(deleteDf(false), french).title).toBe(ENGLISH_TITLE);
  });

  it('names a suggestion that was left out in the user’s language', () => {
    const reply: AdviceReply = {
      suggestions: [deleteDf(true)],
      cell: { source: '', predicted: 0, suggestions: [] },
      facts: {} as AdviceReply['facts'],
      record_seq: 1
    };
    expect(leftOutText(reply, french)).toBe(
      'Laissé de côté : Supprimer df (une cellule suivante en a besoin).'
    );
  });

  it('says what the server’s error says, translated', async () => {
    const inspector = new MemoryInspector(
      fakeServerSettings(
        {
          info: COMPATIBLE_INFO,
          'kernels/k/advice': {
            status: 504,
            body: {
              code: 504,
              message:
                'the kernel did not answer in 4 s; it may be busy in native code',
              messages: {
                message: message(
                  'the kernel did not answer in %1 s; it may be busy in native code',
                  '4'
                )
              }
            }
          }
        },
        []
      )
    );
    const error = await inspector
      .advice('k', { cells: [], cell_id: null })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(MemoryInspectorRequestError);
    expect(problemMessage(error, french)).toEqual({
      kind: 'busy',
      text: 'Le noyau n’a pas répondu en 4 s ; il est peut-être occupé dans du code natif.'
    });
  });

  it('says why a kernel died in the user’s language', () => {
    expect(
      evidenceText('the memory group counted an out-of-memory kill', french)
    ).toBe('le groupe de mémoire a compté un arrêt pour manque de mémoire');
    expect(evidenceText('ended by SIGTERM', french)).toBe('arrêté par SIGTERM');
    expect(
      evidenceText(
        'the kernel runs elsewhere (behind a kernel gateway): this server cannot see its process, so no cause is known',
        french
      )
    ).toBe(
      'le noyau tourne ailleurs (derrière une passerelle) : ce serveur ne voit pas son processus, aucune cause n’est donc connue'
    );
    // Words of a server that says it otherwise are shown as they came.
    expect(evidenceText('stopped by the host', french)).toBe(
      'stopped by the host'
    );
  });

  it('says why a kernel has no probe in the user’s language', () => {
    const monitor = {
      state: 'unsupported',
      detail: 'echo kernels are not supported',
      messages: { detail: message('%1 kernels are not supported', 'echo') }
    };
    const active = {
      widget: {},
      memory: { monitor }
    } as unknown as ActiveKernelMemory;
    expect(panelMessage(active, french)).toBe(
      'L’inspecteur de mémoire ne prend pas en charge ce noyau (les noyaux echo ne sont pas pris en charge) : il ne mesure que les noyaux Python.'
    );
  });
});
