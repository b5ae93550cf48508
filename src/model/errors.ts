import { Message } from '../schema';

/**
 * An error from the memory inspector's server extension, with a message meant for the user
 * and, from a server that sends it, the message's structured form for the translator.
 */
export class MemoryInspectorRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly words?: Message
  ) {
    super(message);
  }
}

/**
 * Whether a request was refused because the kernel cannot answer now: a cell runs (409), or
 * the kernel did not answer within the server's time limit (504, a kernel busy in native
 * code). A state to wait out, not a failure; the server's message says which in plain words.
 */
export function isBusyError(error: unknown): boolean {
  return (
    error instanceof MemoryInspectorRequestError &&
    (error.status === 409 || error.status === 504)
  );
}

/**
 * Whether the server answered a request with 404.
 */
export function isNotFoundError(error: unknown): boolean {
  return error instanceof MemoryInspectorRequestError && error.status === 404;
}
