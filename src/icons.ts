import { LabIcon } from '@jupyterlab/ui-components';

import freeMemorySvg from '../style/icons/free-memory.svg';
import memorySvg from '../style/icons/memory.svg';

/**
 * The Memory Inspector's icon: a memory chip with a rising line.
 */
export const memoryIcon = new LabIcon({
  name: 'jupyterlab-memory-inspector:memory',
  svgstr: memorySvg
});

/**
 * The free-memory cell's icon: a memory chip with a falling arrow.
 */
export const freeMemoryIcon = new LabIcon({
  name: 'jupyterlab-memory-inspector:free-memory',
  svgstr: freeMemorySvg
});
