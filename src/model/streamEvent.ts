import { StreamEvent } from '../schema';
import { API_SCHEMAS } from './apiSchemas';
import { describeProblem, schemaProblem } from './jsonSchema';

/**
 * A message of the record stream, read: the event, or why it cannot be used.
 */
export type StreamMessage =
  | { event: StreamEvent; problem?: undefined }
  | { event?: undefined; problem: string };

/**
 * Read a stream message: JSON that matches the API schema's StreamEvent, checked to its last
 * field before the model or any view sees it (they read every field that the schema promises,
 * and one that is missing or of another type would throw in the middle of an update).
 */
export function readStreamMessage(data: unknown): StreamMessage {
  let value: unknown;
  try {
    value = JSON.parse(String(data));
  } catch {
    return { problem: 'not JSON' };
  }
  const problem = schemaProblem(
    API_SCHEMAS,
    'api.schema.json#/definitions/StreamEvent',
    value
  );
  return problem
    ? { problem: describeProblem(problem) }
    : { event: value as StreamEvent };
}
