import { TranslationBundle } from '@jupyterlab/translation';

import { ServerStatus } from '../../tokens';

/**
 * What the panel says about the server extension: why nothing will work when it speaks
 * another API or is not enabled, and what fixes it; null when there is nothing to say.
 */
export function serverStatusMessage(
  status: ServerStatus,
  trans: TranslationBundle
): string | null {
  switch (status.kind) {
    case 'incompatible':
      return trans.__(
        'The Memory Inspector frontend (%1) and its server extension (%2) come from different releases and cannot work together. Run "pip install --upgrade jupyterlab-memory-inspector" in the environment that runs JupyterLab, then restart JupyterLab.',
        status.frontendVersion,
        status.serverVersion ?? trans.__('an older release')
      );
    case 'missing':
      return trans.__(
        'The jupyterlab_memory_inspector server extension is not enabled: check `jupyter server extension list`.'
      );
    case 'checking':
    case 'compatible':
    case 'unknown':
      return null;
  }
}
