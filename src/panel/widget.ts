import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { LabIcon, SidePanel } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { Panel, Widget } from '@lumino/widgets';

import { ActiveKernelMemory } from '../model/activeKernel';
import { IFreeMemoryContext } from '../freeMemory/freeCell';
import { CellRecord } from '../schema';
import { IMemoryInspector } from '../tokens';
import { GcSection } from './gc/gcSection';
import { OutOfMemorySection } from './outOfMemory/outOfMemorySection';
import { PanelHeader } from './header/header';
import { LeaksSection } from './leaks/leaksSection';
import { SuggestionsSection } from './suggestions/suggestionsSection';
import { TimelineSection } from './timeline/timelineSection';
import { VariablesSection } from './variables/variablesSection';

/**
 * The id of the memory panel in the right sidebar.
 */
export const PANEL_ID = 'jmi-memory-inspector';

/**
 * Options of the memory panel.
 */
export interface IMemoryPanelOptions {
  inspector: IMemoryInspector;
  active: ActiveKernelMemory;
  commands: CommandRegistry;
  trans: TranslationBundle;
  translator?: ITranslator;
  icon: LabIcon;
  /**
   * Go to the cell of a run whose marker was clicked.
   */
  onRunClicked: (record: CellRecord) => void;
  /**
   * What the suggestions section needs to insert and run a free-memory cell.
   */
  freeMemory: IFreeMemoryContext;
}

/**
 * A section of the panel under its title.
 */
class SectionBox extends Panel {
  constructor(readonly section: Widget) {
    super();
    this.addClass('jmi-SectionBox');
    const heading = document.createElement('h3');
    heading.className = 'jmi-SectionBox-title';
    heading.textContent = section.title.label;
    const title = new Widget({ node: heading });
    this.addWidget(title);
    this.addWidget(section);
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', section.title.label);
  }
}

/**
 * The memory side panel: a header with the kernel's memory now, a toolbar (export the
 * report), then sections (the timeline, the largest variables, the suggestions to free
 * memory, the garbage collector and allocation tracing) one under the other, in a column
 * that scrolls: an accordion would squeeze each section into a fraction of a small screen's
 * height.
 *
 * The sections are independent widgets over the same `ActiveKernelMemory`, so another one
 * is added with `addSection` without touching these.
 */
export class MemoryInspectorPanel extends SidePanel {
  constructor(options: IMemoryPanelOptions) {
    super({ translator: options.translator, content: new Panel() });
    const { inspector, active, commands, trans } = options;
    this.id = PANEL_ID;
    this.addClass('jmi-Panel');
    this.title.icon = options.icon;
    this.title.caption = trans.__('Memory Inspector');
    this._active = active;
    this.header.addWidget(new PanelHeader(active, inspector, trans));
    this.timeline = new TimelineSection(active, trans, options.onRunClicked);
    this.addSection(this.timeline);
    this.addSection(new VariablesSection(active, trans));
    this.addSection(new LeaksSection(active, trans));
    this.addSection(new SuggestionsSection(active, trans, options.freeMemory));
    this.addSection(new GcSection(active, commands, trans));
    this.addSection(new OutOfMemorySection(active, trans), 1);
  }

  /**
   * The timeline section.
   */
  readonly timeline: TimelineSection;

  /**
   * Add a section, under its `title.label`, below the others (or at `index`).
   */
  addSection(section: Widget, index?: number): void {
    this.content.insertWidget(
      index ?? this.content.widgets.length,
      new SectionBox(section)
    );
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    super.dispose();
    this._active.dispose();
  }

  private _active: ActiveKernelMemory;
}
