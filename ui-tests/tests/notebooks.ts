/**
 * Notebooks built in the test, so that each one says what it does next to what it checks.
 */
export function notebookOf(
  sources: string[],
  options: {
    kernel?: { name: string; display_name: string; language: string };
    cellMetadata?: Record<string, unknown>[];
  } = {}
): string {
  return JSON.stringify({
    cells: sources.map((source, index) => ({
      cell_type: 'code',
      execution_count: null,
      id: `cell-${index}`,
      metadata: options.cellMetadata?.[index] ?? {},
      outputs: [],
      source
    })),
    metadata: {
      kernelspec: options.kernel ?? {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
}

/**
 * The echo kernel of pytest_jupyter, which jupyter_server_test_config.py offers: not Python.
 */
export const ECHO_KERNEL = {
  name: 'echo',
  display_name: 'Echo (not Python)',
  language: 'echo'
};

export const MiB = 2 ** 20;
