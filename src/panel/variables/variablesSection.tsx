import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ActiveKernelMemory } from '../../model/activeKernel';
import { formatBytes, formatDuration } from '../../util/format';
import { Variable } from '../../schema';
import { holderChips } from '../../util/holderWords';
import { viewOfText } from '../../util/viewWords';
import {
  DEFAULT_SORT,
  IVariableSort,
  nextSort,
  shortType,
  sortVariables,
  VariableSortKey
} from './sort';
import { MemorySection } from '../section';
import { sharingText, visibleVariables } from './sharing';

/**
 * The largest variables of the kernel's namespace after the newest cell, with what else
 * holds each of them; sortable by any column.
 */
export class VariablesSection extends MemorySection {
  constructor(
    active: ActiveKernelMemory,
    private readonly _trans: TranslationBundle
  ) {
    super(active, ['kernel', 'monitor', 'records']);
    this.addClass('jmi-Variables');
    this.title.label = _trans.__('Largest Variables');
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const memory = this.active.memory;
    const record = memory?.latest;
    if (!memory || memory.monitor?.state !== 'active') {
      return (
        <p className="jmi-Empty">
          {trans.__('Nothing to show for this kernel.')}
        </p>
      );
    }
    if (!record || !memory.isCurrent(record)) {
      return (
        <p className="jmi-Empty">
          {trans.__(
            "No cell has run in this kernel yet: the largest variables show after the next cell's run."
          )}
        </p>
      );
    }
    const report = record.variables;
    if (report.items.length === 0) {
      return (
        <p className="jmi-Empty">
          {trans._n(
            'The namespace holds no large variable (%1 name).',
            'The namespace holds no large variable (%1 names).',
            report.total
          )}
        </p>
      );
    }
    const rows = sortVariables(
      visibleVariables(report.items, this._showHidden),
      this._sort
    );
    const hidden = report.items.filter(item => item.hidden).length;
    const header = (key: VariableSortKey, label: string, title?: string) => {
      const sorted = this._sort.key === key;
      return (
        <th
          scope="col"
          className={`jmi-Table-${key}`}
          title={title}
          aria-sort={
            sorted
              ? this._sort.ascending
                ? 'ascending'
                : 'descending'
              : 'none'
          }
        >
          <button
            className="jmi-SortButton"
            data-sort-key={key}
            onClick={() => this._sortBy(key)}
          >
            {label}
            <span className="jmi-SortButton-arrow" aria-hidden="true">
              {sorted ? (this._sort.ascending ? '▲' : '▼') : ''}
            </span>
          </button>
        </th>
      );
    };
    return (
      <>
        <table className="jmi-Table">
          <thead>
            <tr>
              {header('name', trans.__('Name'))}
              {header('type', trans.__('Type'))}
              {header('size', trans.__('Size'))}
              {header(
                'holders',
                trans.__('Held by'),
                trans.__(
                  'What else keeps the object alive: deleting the name frees nothing while any of these remain.'
                )
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map(variable => (
              <tr
                key={`${variable.kind}:${variable.name}`}
                data-name={variable.name}
              >
                <td className="jmi-Table-name">
                  <code>{variable.name}</code>
                  {this._kindLabel(variable)}
                  {variable.new ? (
                    <span
                      className="jmi-Tag"
                      title={trans.__('Bound by the newest cell')}
                    >
                      {trans.__('new')}
                    </span>
                  ) : null}
                  <div className="jmi-Table-typeInName" title={variable.type}>
                    {this._typeLines(variable)}
                  </div>
                </td>
                <td className="jmi-Table-type" title={variable.type}>
                  {this._typeLines(variable)}
                </td>
                <td
                  className="jmi-Table-size"
                  data-bytes={variable.size}
                  title={
                    variable.exact
                      ? undefined
                      : trans.__('Estimated from samples')
                  }
                >
                  {variable.exact ? '' : '≈'}
                  {formatBytes(variable.size)}
                  {this._sharing(variable)}
                </td>
                <td className="jmi-Table-holders">
                  {variable.holders.length === 0
                    ? '—'
                    : holderChips(variable.holders, trans).map(chip => (
                        <span
                          key={chip.text}
                          className="jmi-Holder"
                          title={chip.exact.join('\n')}
                        >
                          {chip.text}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {hidden > 0 ? (
          <label className="jmi-Variables-hidden">
            <input
              type="checkbox"
              checked={this._showHidden}
              onChange={() => this._flipShowHidden()}
            />
            {trans._n(
              'Show hidden names (%1 put there by IPython or another tool)',
              'Show hidden names (%1 put there by IPython or other tools)',
              hidden
            )}
          </label>
        ) : null}
        <p className="jmi-Note">
          {trans.__(
            'Sized %1 of %2 names in %3 (budget %4), after run [%5].',
            report.scanned,
            report.total,
            formatDuration(report.elapsed),
            formatDuration(report.budget),
            record.execution_count ?? '?'
          )}
          {report.partial
            ? ' ' +
              trans.__(
                'The time budget ran out: some sizes are missing or estimated.'
              )
            : ''}
        </p>
      </>
    );
  }

  private _sharing(variable: Variable): React.ReactElement | null {
    const text = sharingText(variable, this._trans);
    return text === null ? null : (
      <div
        className="jmi-Table-summary jmi-Table-sharing"
        title={this._trans.__(
          'Shared data is counted once in the table, under the first name; deleting one name frees only its own part.'
        )}
      >
        {text}
      </div>
    );
  }

  private _flipShowHidden(): void {
    this._showHidden = !this._showHidden;
    this.update();
  }

  private _sortBy(key: VariableSortKey): void {
    this._sort = nextSort(this._sort, key);
    this.update();
  }

  /**
   * The type and what it holds: in its own column, or under the name where the panel is too
   * narrow for four columns (style/base.css picks one).
   */
  private _typeLines(variable: Variable): React.ReactElement {
    return (
      <>
        {shortType(variable.type)}
        {variable.summary ? (
          <div className="jmi-Table-summary">{variable.summary}</div>
        ) : null}
        {variable.view_of ? (
          <div className="jmi-Table-summary">
            {viewOfText(variable.view_of, this._trans)}
          </div>
        ) : null}
      </>
    );
  }

  private _kindLabel(variable: Variable): React.ReactElement | null {
    const trans = this._trans;
    if (variable.kind === 'output') {
      return (
        <span
          className="jmi-Tag"
          title={trans.__("Held only by IPython's output history")}
        >
          {trans.__('output')}
        </span>
      );
    }
    if (variable.kind === 'exception') {
      return (
        <span
          className="jmi-Tag"
          title={trans.__("Held only by the last error's frames")}
        >
          {trans.__('last error')}
        </span>
      );
    }
    return null;
  }

  private _sort: IVariableSort = DEFAULT_SORT;
  private _showHidden = false;
}
