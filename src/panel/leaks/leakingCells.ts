import { LeakVerdict } from '../../schema';
import { CellRun, IKernelMemory } from '../../tokens';

/**
 * A cell that keeps memory each time it runs: its newest record and the server's verdict.
 */
export interface ILeakingCell {
  record: CellRun;
  verdict: LeakVerdict;
}

/**
 * The cells of the kernel whose newest run the server judged leaking, the largest first.
 */
export function leakingCells(memory: IKernelMemory): ILeakingCell[] {
  const cells: ILeakingCell[] = [];
  // By the verdicts, not the records: a cell stays listed after its runs left the timeline.
  for (const [cellId, verdict] of memory.leakVerdicts) {
    const record = memory.latestForCell(cellId);
    if (verdict.leaking && record && memory.isCurrent(record)) {
      cells.push({ record, verdict });
    }
  }
  return cells.sort((a, b) => b.verdict.keeps - a.verdict.keeps);
}
