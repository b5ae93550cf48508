import { TranslationBundle } from '@jupyterlab/translation';

// The server's words for why a kernel died (death_cause.py), each with its translation;
// evidence of a server that words it otherwise is shown as sent.
const EVIDENCE: [
  RegExp,
  (match: RegExpExecArray, trans: TranslationBundle) => string
][] = [
  [
    /^the memory group counted an out-of-memory kill$/,
    (_, trans) => trans.__('the memory group counted an out-of-memory kill')
  ],
  [
    /^killed \(SIGKILL\) with the memory group at its limit$/,
    (_, trans) =>
      trans.__('killed (SIGKILL) with the memory group at its limit')
  ],
  [
    /^the kernel runs elsewhere \(behind a kernel gateway\): this server cannot see its process, so no cause is known$/,
    (_, trans) =>
      trans.__(
        'the kernel runs elsewhere (behind a kernel gateway): this server cannot see its process, so no cause is known'
      )
  ],
  [/^ended by (.+)$/, (match, trans) => trans.__('ended by %1', match[1])],
  [
    /^exited with code (-?\d+)$/,
    (match, trans) => trans.__('exited with code %1', match[1])
  ]
];

/**
 * The evidence of a kernel's death, in the user's language.
 */
export function evidenceText(
  evidence: string,
  trans: TranslationBundle
): string {
  for (const [pattern, words] of EVIDENCE) {
    const match = pattern.exec(evidence);
    if (match) {
      return words(match, trans);
    }
  }
  return evidence;
}
