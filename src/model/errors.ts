/**
 * An error from the memory inspector's server extension, with a message meant for the user.
 */
export class MemoryInspectorRequestError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
  }
}

/**
 * Whether a request was refused because the kernel cannot answer now (a cell runs): a state
 * to wait out, not a failure.
 */
export function isBusyError(error: unknown): boolean {
  return error instanceof MemoryInspectorRequestError && error.status === 409;
}

/**
 * Whether the server answered a request with 404.
 */
export function isNotFoundError(error: unknown): boolean {
  return error instanceof MemoryInspectorRequestError && error.status === 404;
}
