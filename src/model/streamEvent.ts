import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';

import { StreamEvent } from '../schema';
import { API_SCHEMAS } from './apiSchemas';

/**
 * A message of the record stream, read: the event, or why it cannot be used.
 */
export type StreamMessage =
  | { event: StreamEvent; problem?: undefined }
  | { event?: undefined; problem: string };

let validateEvent: ValidateFunction<StreamEvent> | null = null;

/**
 * The StreamEvent validator, compiled once from the schemas the Python package ships.
 */
function validator(): ValidateFunction<StreamEvent> {
  if (validateEvent === null) {
    // Not strict: the package's schemas use `definitions`, draft 2020's `$defs` under its old name.
    const ajv = new Ajv2020({ strict: false });
    for (const [name, schema] of Object.entries(API_SCHEMAS)) {
      ajv.addSchema(schema, name);
    }
    const validate = ajv.getSchema<StreamEvent>(
      'api.schema.json#/definitions/StreamEvent'
    );
    if (!validate) {
      throw new Error('the API schema has no StreamEvent');
    }
    validateEvent = validate;
  }
  return validateEvent;
}

/**
 * `records[0].record.gc` from ajv's `/records/0/record/gc`.
 */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) =>
        /^\d+$/.test(part)
          ? `${path}[${part}]`
          : path
            ? `${path}.${part}`
            : part,
      ''
    );
}

/**
 * The most telling of ajv's errors in one line: the deepest one, since a `oneOf` over the event
 * types also reports every form the value is not.
 */
function describe(errors: ErrorObject[] | null | undefined): string {
  if (!errors?.length) {
    return 'does not match the API schema';
  }
  const deepest = errors.reduce((best, error) =>
    error.instancePath.length > best.instancePath.length ? error : best
  );
  const path = fieldPath(deepest.instancePath);
  const reason = deepest.message ?? deepest.keyword;
  return path ? `${path}: ${reason}` : reason;
}

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
  const validate = validator();
  return validate(value)
    ? { event: value }
    : { problem: describe(validate.errors) };
}
