import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { chosenBytes } from '../../freeMemory/choice';
import {
  freedBytes,
  freedText,
  IFreeCellMetadata
} from '../../freeMemory/metadata';
import { AdviceReply, CellRecord, Suggestion } from '../../schema';
import { formatBytes } from '../../util/format';
import { suggestionWords } from '../../util/message';

/**
 * What the suggestion list shows and what its controls do.
 */
export interface ISuggestionListProps {
  reply: AdviceReply;
  /**
   * The ids of the suggestions ticked for the free-memory cell.
   */
  chosen: ReadonlySet<string>;
  /**
   * While the kernel is asked again, or cannot answer, the reply is out of date: its
   * suggestions stay visible (greyed), but an old "nothing to free" would mislead.
   */
  outdated: boolean;
  /**
   * Whether a cell runs, which the free-memory cell must wait for.
   */
  busy: boolean;
  /**
   * Which button's cell is on its way in.
   */
  inserting: 'insert' | 'run' | null;
  trans: TranslationBundle;
  onToggle: (id: string) => void;
  onInsert: (run: boolean) => void;
}

/**
 * The suggestions, each with a checkbox, the bytes the chosen ones should give back, and the
 * buttons that insert (and run) the free-memory cell.
 */
export function SuggestionList(
  props: ISuggestionListProps
): React.ReactElement | null {
  const { reply, chosen, outdated, busy, inserting, trans } = props;
  if (reply.suggestions.length === 0) {
    if (outdated) {
      return null;
    }
    return (
      <p className="jmi-Empty">
        {reply.record_seq === 0
          ? trans.__(
              'No cell has run in this kernel yet. Suggestions come from what the cells leave in memory: run some, and what can be freed shows here.'
            )
          : trans.__(
              'Nothing to free: no large variable, open file, reference cycle or memory kept by the allocator. When a cell leaves something big behind, the code that frees it shows here.'
            )}
      </p>
    );
  }
  const expected = chosenBytes(reply.suggestions, chosen, reply.shared);
  const canInsert = chosen.size > 0 && inserting === null;
  const why = busy
    ? trans.__('A cell is running: insert when it has finished.')
    : chosen.size === 0
      ? trans.__('Pick at least one suggestion.')
      : undefined;
  return (
    <>
      <ul
        className={`jmi-SuggestionList${outdated ? ' jmi-mod-outdated' : ''}`}
      >
        {reply.suggestions.map(suggestion => (
          <SuggestionItem
            key={suggestion.id}
            suggestion={suggestion}
            checked={chosen.has(suggestion.id)}
            trans={trans}
            onToggle={props.onToggle}
          />
        ))}
      </ul>
      <p className="jmi-Suggestions-total">
        {chosen.size === 0
          ? trans.__('Pick the suggestions to put in the free-memory cell.')
          : trans._n(
              '%1 suggestion chosen: about %2 expected back.',
              '%1 suggestions chosen: about %2 expected back.',
              chosen.size,
              formatBytes(expected)
            )}
      </p>
      <div className="jmi-Actions">
        <button
          className="jp-Button jp-mod-styled jp-mod-accept jmi-InsertButton"
          disabled={!canInsert || busy}
          title={
            why ??
            trans.__(
              'Insert a commented cell with the chosen suggestions below the active cell. It does not run.'
            )
          }
          onClick={() => props.onInsert(false)}
        >
          {inserting === 'insert' ? trans.__('Inserting…') : trans.__('Insert')}
        </button>
        <button
          className="jp-Button jp-mod-styled jp-mod-warn jmi-InsertRunButton"
          disabled={!canInsert || busy}
          title={
            why ??
            trans.__(
              'Insert the cell below the active cell and run it: the names it deletes are gone.'
            )
          }
          onClick={() => props.onInsert(true)}
        >
          {inserting === 'run'
            ? trans.__('Running…')
            : trans.__('Insert and run')}
        </button>
      </div>
    </>
  );
}

/**
 * One suggestion: its title, the memory it should give back, its reason, confidence, code
 * and warnings, and the checkbox that puts it in the free-memory cell.
 */
export function SuggestionItem(props: {
  suggestion: Suggestion;
  checked: boolean;
  trans: TranslationBundle;
  onToggle: (id: string) => void;
}): React.ReactElement {
  const { suggestion, checked, trans } = props;
  const confidence = {
    high: trans.__('high confidence'),
    medium: trans.__('medium confidence'),
    low: trans.__('low confidence')
  }[suggestion.confidence];
  const words = suggestionWords(suggestion, trans);
  return (
    <li
      className="jmi-Suggestion"
      data-id={suggestion.id}
      data-kind={suggestion.kind}
    >
      <label className="jmi-Suggestion-head">
        <input
          type="checkbox"
          className="jmi-Suggestion-check"
          checked={checked}
          onChange={() => props.onToggle(suggestion.id)}
        />
        <span className="jmi-Suggestion-title">{words.title}</span>
        <span
          className="jmi-Suggestion-bytes"
          data-bytes={suggestion.expected_bytes}
          title={
            suggestion.expected_bytes > 0
              ? trans.__('Memory expected back')
              : trans.__(
                  'Not expected to give memory back: something the code cannot remove still holds it, or it frees another resource.'
                )
          }
        >
          {suggestion.expected_bytes > 0
            ? formatBytes(suggestion.expected_bytes)
            : trans.__('no memory')}
        </span>
      </label>
      <div className="jmi-Suggestion-body">
        <p className="jmi-Suggestion-reason">
          {words.reason}
          <span
            className="jmi-Confidence"
            data-confidence={suggestion.confidence}
          >
            {confidence}
          </span>
        </p>
        <pre className="jmi-Suggestion-code">
          <code>{suggestion.code}</code>
        </pre>
        {words.warnings.length > 0 ? (
          <ul className="jmi-Suggestion-warnings">
            {words.warnings.map((warning, index) => (
              <li key={index} className="jmi-Suggestion-warning">
                {warning}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}

/**
 * What the last free-memory cell really gave back, beside its prediction.
 */
export function FreeResult(props: {
  record: CellRecord;
  metadata: IFreeCellMetadata;
  trans: TranslationBundle;
}): React.ReactElement {
  const { record, metadata, trans } = props;
  return (
    <p
      className="jmi-FreeResult"
      role="status"
      data-freed={freedBytes(record)}
      data-predicted={metadata.predicted}
    >
      {trans.__(
        'Last free-memory cell %1: %2.',
        record.execution_count !== null ? `[${record.execution_count}]` : '',
        freedText(record, metadata, trans)
      )}
    </p>
  );
}
