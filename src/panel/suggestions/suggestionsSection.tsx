import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import * as React from 'react';

import { ActiveChange, ActiveKernelMemory } from '../../model/activeKernel';
import { defaultChoice, mergeChoice } from '../../freeMemory/choice';
import { freeMemory, IFreeMemoryContext } from '../../freeMemory/freeCell';
import { freeCellsOf, lastFreeRun } from '../../freeMemory/metadata';
import {
  adviceRequest,
  cellLabel,
  snapshotCells
} from '../../model/notebookCells';
import { AdviceReply } from '../../schema';
import { MemorySection } from '../section';
import { IMessage, problemMessage } from './problem';
import { FreeResult, SuggestionList } from './suggestionList';

/**
 * How long the section waits after a change before it asks the kernel again: Run All's
 * stream of records should cost one request, not one each.
 */
const FETCH_DELAY_MS = 400;

/**
 * The wait after the active cell moves: each request is a (silent) execution in the kernel,
 * which someone going from cell to cell with the keyboard should not set off at every step.
 */
const MOVE_DELAY_MS = 1000;

/**
 * The advisor's suggestions for the active notebook's kernel: each with its code, reason,
 * estimate, confidence and warnings, and a checkbox to put it in the free-memory cell, which
 * "Insert" puts below the active cell (and "Insert and run" runs). Under them, what the last
 * free-memory cell really gave back beside its prediction.
 *
 * The suggestions are asked for again when a cell has run, when the active cell moves (the
 * warnings are about the cells below it) and on "Refresh"; never while a cell runs, which the
 * server would refuse.
 */
export class SuggestionsSection extends MemorySection {
  constructor(
    active: ActiveKernelMemory,
    private readonly _trans: TranslationBundle,
    private readonly _context: IFreeMemoryContext
  ) {
    super(active, ['kernel', 'monitor', 'status', 'records']);
    this.addClass('jmi-Suggestions');
    this.title.label = _trans.__('Suggestions');
    active.changed.connect(this._onActiveChanged, this);
    this._follow(active.notebook);
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.active.changed.disconnect(this._onActiveChanged, this);
    this._follow(null);
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    super.dispose();
  }

  /**
   * Ask the kernel for its suggestions now, even while a cell runs (the server then says
   * why it cannot answer).
   */
  async refresh(): Promise<void> {
    const panel = this.active.notebook;
    const memory = this.active.memory;
    if (!panel?.model || !memory) {
      return;
    }
    const kernelId = memory.kernelId;
    const cells = snapshotCells(panel.model);
    const activeIndex = panel.content.activeCellIndex;
    const request = adviceRequest(cells, activeIndex);
    const anchor = cells[activeIndex];
    this._askedFor = anchor?.id ?? null;
    const fetch = ++this._fetches;
    this._stale = false;
    this._loading = true;
    this.update();
    try {
      const reply = await this._context.inspector.advice(kernelId, request);
      if (fetch !== this._fetches || this.isDisposed) {
        return;
      }
      this._setReply(reply, kernelId);
      this._anchor = anchor
        ? { id: anchor.id, label: cellLabel(anchor, activeIndex) }
        : null;
      if (this._message?.kind === 'busy' || this._message?.kind === 'error') {
        this._message = null;
      }
    } catch (error) {
      if (fetch !== this._fetches || this.isDisposed) {
        return;
      }
      this._message = problemMessage(error, this._trans);
      // Asked again once the running cell has finished.
      this._stale = this._message.kind === 'busy';
    } finally {
      if (fetch === this._fetches && !this.isDisposed) {
        this._loading = false;
        this.update();
        // Records that came while the kernel answered; after a 409 the kernel's next
        // status change asks again, so a refusal cannot turn into a loop of requests.
        if (this._message?.kind !== 'busy') {
          this._schedule();
        }
      }
    }
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._schedule();
  }

  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._schedule();
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const memory = this.active.memory;
    const monitor = memory?.monitor;
    if (!memory || monitor?.state !== 'active' || !monitor.probe) {
      return (
        <p className="jmi-Empty">
          {trans.__('Nothing to show for this kernel.')}
        </p>
      );
    }
    const reply =
      this._reply && this._replyKernel === memory.kernelId ? this._reply : null;
    const last = lastFreeRun(
      memory.records,
      memory.currentSession,
      freeCellsOf(this.active.notebook)
    );
    return (
      <>
        <div className="jmi-Suggestions-bar">
          <span className="jmi-Note jmi-Suggestions-for">
            {this._loading
              ? trans.__('Asking the kernel…')
              : this._anchor && reply && reply.suggestions.length > 0
                ? trans.__(
                    'For a cell below %1: warnings name the later cells that use what it deletes.',
                    this._anchor.label
                  )
                : ''}
          </span>
          <button
            className="jmi-IconButton jmi-Suggestions-refresh"
            title={trans.__('Ask the kernel for suggestions again')}
            aria-label={trans.__('Refresh the suggestions')}
            disabled={this._loading}
            onClick={() => void this.refresh()}
          >
            <refreshIcon.react tag="span" elementSize="normal" />
          </button>
        </div>
        {last ? <FreeResult {...last} trans={trans} /> : null}
        {this._message ? (
          <p
            className={`jmi-Message jmi-mod-${this._message.kind}`}
            role={this._message.kind === 'error' ? 'alert' : 'status'}
          >
            {this._message.text}
          </p>
        ) : null}
        {reply ? (
          <SuggestionList
            reply={reply}
            chosen={this._chosen}
            outdated={this._loading || this._message?.kind === 'busy'}
            busy={this.active.busy}
            inserting={this._inserting}
            trans={trans}
            onToggle={id => this._toggle(id)}
            onInsert={run => void this._insert(run)}
          />
        ) : null}
      </>
    );
  }

  private _toggle(id: string): void {
    const chosen = new Set(this._chosen);
    if (chosen.has(id)) {
      chosen.delete(id);
    } else {
      chosen.add(id);
    }
    this._chosen = chosen;
    this.update();
  }

  private async _insert(run: boolean): Promise<void> {
    const panel = this.active.notebook;
    const reply = this._reply;
    const memory = this.active.memory;
    if (!panel || !reply || !memory) {
      return;
    }
    const trans = this._trans;
    const choose = reply.suggestions
      .map(suggestion => suggestion.id)
      .filter(id => this._chosen.has(id));
    this._inserting = run ? 'run' : 'insert';
    this._message = null;
    this.update();
    try {
      const outcome = await freeMemory(panel, this._context, {
        choose,
        run,
        recordSeq: reply.record_seq
      });
      switch (outcome.kind) {
        case 'inserted':
          this._message = {
            kind: 'done',
            text: outcome.ran
              ? trans.__(
                  'Inserted and ran a free-memory cell below %1.',
                  outcome.below
                )
              : trans.__(
                  'Inserted a free-memory cell below %1: read it, then run it.',
                  outcome.below
                )
          };
          break;
        case 'changed':
          this._setReply(outcome.reply, memory.kernelId);
          this._message = {
            kind: 'changed',
            text: trans.__(
              "No cell inserted: the kernel's memory changed since these suggestions were made. Check them again, then insert."
            )
          };
          break;
        case 'nothing':
          this._message = {
            kind: 'changed',
            text: trans.__(
              'No cell inserted: none of the chosen suggestions applies any more.'
            )
          };
          this._stale = true;
          break;
        case 'pending':
          break;
      }
    } catch (error) {
      this._message = problemMessage(error, this._trans);
    } finally {
      this._inserting = null;
      this.update();
      this._schedule();
    }
  }

  private _setReply(reply: AdviceReply, kernelId: string): void {
    this._chosen =
      this._reply && this._replyKernel === kernelId
        ? mergeChoice(this._reply.suggestions, this._chosen, reply.suggestions)
        : new Set(defaultChoice(reply.suggestions));
    this._reply = reply;
    this._replyKernel = kernelId;
    this._replySession = this.active.memory?.currentSession ?? null;
  }

  private _onActiveChanged(_: ActiveKernelMemory, change: ActiveChange): void {
    switch (change) {
      case 'kernel':
        if (this.active.notebook !== this._notebook) {
          this._follow(this.active.notebook);
        }
        if (this.active.memory?.kernelId !== this._replyKernel) {
          this._reply = null;
          this._anchor = null;
          this._askedFor = null;
          this._message = null;
          this._chosen = new Set();
          this._fetches++;
          this._loading = false;
        }
        this._stale = true;
        break;
      case 'records':
        this._stale = true;
        break;
      case 'monitor':
        if (
          this._reply &&
          this.active.memory?.currentSession !== this._replySession
        ) {
          // The kernel's process was replaced: its suggestions named objects that are gone.
          this._reply = null;
          this._anchor = null;
          this._askedFor = null;
          this._message = null;
          this._stale = true;
        }
        break;
      case 'status':
        break;
      case 'samples':
        return;
    }
    this._schedule();
  }

  private _onActiveCellChanged(): void {
    const notebook = this._notebook?.content;
    const active = notebook?.activeCell;
    // Compared with the cell last asked about, not the last answer's: an answer on its way
    // for another cell must not hide the move.
    if (active && active.model.id !== this._askedFor) {
      this._stale = true;
      this._schedule(MOVE_DELAY_MS);
    }
  }

  private _follow(panel: NotebookPanel | null): void {
    this._notebook?.content.activeCellChanged.disconnect(
      this._onActiveCellChanged,
      this
    );
    this._notebook = panel;
    panel?.content.activeCellChanged.connect(this._onActiveCellChanged, this);
  }

  private _schedule(delay = FETCH_DELAY_MS): void {
    if (this._timer !== null || !this._stale) {
      return;
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      const monitor = this.active.memory?.monitor;
      if (
        this._stale &&
        this.isVisible &&
        !this._loading &&
        this._inserting === null &&
        !this.active.busy &&
        monitor?.state === 'active' &&
        monitor.probe !== null
      ) {
        void this.refresh();
      }
    }, delay);
  }

  private _notebook: NotebookPanel | null = null;
  private _reply: AdviceReply | null = null;
  private _replyKernel: string | null = null;
  private _replySession: string | null = null;
  private _anchor: { id: string; label: string } | null = null;
  private _askedFor: string | null = null;
  private _chosen = new Set<string>();
  private _message: IMessage | null = null;
  private _loading = false;
  private _inserting: 'insert' | 'run' | null = null;
  private _stale = true;
  private _fetches = 0;
  private _timer: ReturnType<typeof setTimeout> | null = null;
}
