import { LabIcon } from '@jupyterlab/ui-components';

import memorySvg from '../style/icons/memory.svg';

/**
 * The Memory Inspector's icon: a memory chip with a rising line.
 */
export const memoryIcon = new LabIcon({
  name: 'jupyterlab-memory-inspector:memory',
  svgstr: memorySvg
});
