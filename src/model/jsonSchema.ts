/**
 * A JSON Schema of the subset that the package's schemas use. The generated schemas are typed
 * with it, so a keyword that this checker does not know fails the build instead of being
 * skipped in silence.
 */
export interface ISchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: ISchema[];
  properties?: Record<string, ISchema>;
  required?: string[];
  /**
   * Not enforced: a server of a later release may add a field without raising the API
   * version, and the frontend reads only the fields it knows.
   */
  additionalProperties?: boolean | ISchema;
  minProperties?: number;
  items?: ISchema;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  definitions?: Record<string, ISchema>;
}

/**
 * Where a value failed its schema (`records[0].record.rss_after`) and why.
 */
export interface ISchemaProblem {
  path: string;
  reason: string;
}

/**
 * The first place where `value` does not match the schema that `ref` names (`file#/pointer`
 * among `schemas`), or null when it matches.
 */
export function schemaProblem(
  schemas: Record<string, ISchema>,
  ref: string,
  value: unknown
): ISchemaProblem | null {
  const failure = new Checker(schemas).check(value, { $ref: ref }, '');
  return failure && { path: pathOf(failure), reason: failure.reason };
}

/**
 * The problem said in one line: `records[0].seq: expected integer`.
 */
export function describeProblem(problem: ISchemaProblem): string {
  return problem.path ? `${problem.path}: ${problem.reason}` : problem.reason;
}

/**
 * A failure as it bubbles up: `at` gains each field name or index on the way out, innermost
 * first, so that a value that matches (nearly every one) costs no path at all.
 */
interface IFailure {
  at: (string | number)[];
  reason: string;
}

function failed(reason: string): IFailure {
  return { at: [], reason };
}

function pathOf(failure: IFailure): string {
  let path = '';
  for (let index = failure.at.length - 1; index >= 0; index--) {
    const part = failure.at[index]!;
    path += typeof part === 'number' ? `[${part}]` : path ? `.${part}` : part;
  }
  return path;
}

class Checker {
  constructor(private readonly _schemas: Record<string, ISchema>) {}

  /**
   * `file` is the schema file that `schema` belongs to, against which `#...` refs resolve.
   */
  check(value: unknown, schema: ISchema, file: string): IFailure | null {
    this._checked += 1;
    if (schema.$ref !== undefined) {
      const [target, resolved] = this._resolve(schema.$ref, file);
      return this.check(value, resolved, target);
    }
    if (schema.type !== undefined && !isOfType(value, schema.type)) {
      const types = ([] as string[]).concat(schema.type).join(' or ');
      return failed(`expected ${types}, got ${typeName(value)}`);
    }
    if (schema.const !== undefined && value !== schema.const) {
      return failed(`expected ${JSON.stringify(schema.const)}`);
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
      return failed(`expected one of ${JSON.stringify(schema.enum)}`);
    }
    if (schema.oneOf !== undefined) {
      const failure = this._checkOneOf(value, schema.oneOf, file);
      if (failure) {
        return failure;
      }
    }
    if (typeof value === 'number') {
      const reason = rangeProblem(value, schema);
      return reason === null ? null : failed(reason);
    }
    if (typeof value === 'string') {
      const reason = lengthProblem(value.length, schema);
      return reason === null ? null : failed(reason);
    }
    if (Array.isArray(value)) {
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        return failed(`more than ${schema.maxItems} items`);
      }
      const items = schema.items;
      for (let index = 0; items && index < value.length; index++) {
        const failure = this.check(value[index], items, file);
        if (failure) {
          failure.at.push(index);
          return failure;
        }
      }
      return null;
    }
    if (typeof value === 'object' && value !== null) {
      return this._checkObject(value as Record<string, unknown>, schema, file);
    }
    return null;
  }

  private _checkObject(
    value: Record<string, unknown>,
    schema: ISchema,
    file: string
  ): IFailure | null {
    if (
      schema.minProperties !== undefined &&
      Object.keys(value).length < schema.minProperties
    ) {
      return failed(`fewer than ${schema.minProperties} fields`);
    }
    const properties = schema.properties;
    for (const name in properties) {
      if (Object.hasOwn(value, name)) {
        const failure = this.check(value[name], properties[name]!, file);
        if (failure) {
          failure.at.push(name);
          return failure;
        }
      }
    }
    // After the fields that are there, so that a wrong `type` is what a message says of an
    // event that matches none of its forms.
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) {
        return failed(`'${name}' is missing`);
      }
    }
    return null;
  }

  private _checkOneOf(
    value: unknown,
    branches: ISchema[],
    file: string
  ): IFailure | null {
    const tried = branches.map(branch => {
      const before = this._checked;
      const failure = this.check(value, branch, file);
      return { failure, checked: this._checked - before };
    });
    const matches = tried.filter(({ failure }) => failure === null).length;
    if (matches === 1) {
      return null;
    }
    if (matches > 1) {
      return failed('matches more than one of its possible forms');
    }
    // The form that matched most of the value before failing is the one it was meant to be
    // (a records event with a bad record fails deep in the records form, and at once at
    // `type` in the others); where several got as far, each one's reason is said.
    const furthest = Math.max(...tried.map(({ checked }) => checked));
    const failures = tried
      .filter(({ checked }) => checked === furthest)
      .map(({ failure }) => failure!);
    const where = pathOf(failures[0]!);
    const reasons = failures
      .filter(failure => pathOf(failure) === where)
      .map(failure => failure.reason);
    return { at: failures[0]!.at, reason: [...new Set(reasons)].join(', or ') };
  }

  /**
   * The schema a `$ref` names, and the file it is in; resolved once per reference.
   */
  private _resolve(ref: string, file: string): [string, ISchema] {
    const key = `${file} ${ref}`;
    let found = this._resolved.get(key);
    if (found === undefined) {
      const [target, pointer = ''] = ref.split('#');
      const inFile = target || file;
      let node: unknown = this._schemas[inFile];
      for (const part of pointer.split('/').filter(part => part !== '')) {
        node = (node as Record<string, unknown> | undefined)?.[part];
      }
      if (node === undefined) {
        throw new Error(`the schema ${inFile}#${pointer} is not known`);
      }
      found = [inFile, node as ISchema];
      this._resolved.set(key, found);
    }
    return found;
  }

  private _resolved = new Map<string, [string, ISchema]>();
  /**
   * How many values and schemas have been checked, to tell how far a form got.
   */
  private _checked = 0;
}

function isOfType(value: unknown, type: string | string[]): boolean {
  if (typeof type !== 'string') {
    return type.some(one => isOfType(value, one));
  }
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return (
        typeof value === 'object' && value !== null && !Array.isArray(value)
      );
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

function rangeProblem(value: number, schema: ISchema): string | null {
  if (schema.minimum !== undefined && value < schema.minimum) {
    return `${value} is below ${schema.minimum}`;
  }
  if (
    schema.exclusiveMinimum !== undefined &&
    value <= schema.exclusiveMinimum
  ) {
    return `${value} is not above ${schema.exclusiveMinimum}`;
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    return `${value} is above ${schema.maximum}`;
  }
  return null;
}

function lengthProblem(length: number, schema: ISchema): string | null {
  if (schema.minLength !== undefined && length < schema.minLength) {
    return `fewer than ${schema.minLength} characters`;
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return `more than ${schema.maxLength} characters`;
  }
  return null;
}
