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
  const checker = new Checker(schemas);
  return checker.check(value, { $ref: ref }, '', '');
}

/**
 * The problem said in one line: `records[0].seq: expected integer`.
 */
export function describeProblem(problem: ISchemaProblem): string {
  return problem.path ? `${problem.path}: ${problem.reason}` : problem.reason;
}

class Checker {
  constructor(private readonly _schemas: Record<string, ISchema>) {}

  /**
   * `file` is the schema file that `schema` belongs to, against which `#...` refs resolve.
   */
  check(
    value: unknown,
    schema: ISchema,
    file: string,
    path: string
  ): ISchemaProblem | null {
    const fail = (reason: string) => ({ path, reason });
    if (schema.$ref !== undefined) {
      const [target, pointer = ''] = schema.$ref.split('#');
      const inFile = target || file;
      return this.check(value, this._resolve(inFile, pointer), inFile, path);
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some(type => isOfType(value, type))) {
        return fail(`expected ${types.join(' or ')}, got ${typeName(value)}`);
      }
    }
    if (schema.const !== undefined && value !== schema.const) {
      return fail(`expected ${JSON.stringify(schema.const)}`);
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
      return fail(`expected one of ${JSON.stringify(schema.enum)}`);
    }
    if (schema.oneOf !== undefined) {
      const problem = this._checkOneOf(value, schema.oneOf, file, path);
      if (problem) {
        return problem;
      }
    }
    if (typeof value === 'number') {
      return rangeProblem(value, schema, path);
    }
    if (typeof value === 'string') {
      return lengthProblem(value.length, schema, path);
    }
    if (Array.isArray(value)) {
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        return fail(`more than ${schema.maxItems} items`);
      }
      const items = schema.items;
      for (let index = 0; items && index < value.length; index++) {
        const problem = this.check(
          value[index],
          items,
          file,
          `${path}[${index}]`
        );
        if (problem) {
          return problem;
        }
      }
      return null;
    }
    if (typeof value === 'object' && value !== null) {
      return this._checkObject(
        value as Record<string, unknown>,
        schema,
        file,
        path
      );
    }
    return null;
  }

  private _checkObject(
    value: Record<string, unknown>,
    schema: ISchema,
    file: string,
    path: string
  ): ISchemaProblem | null {
    const keys = Object.keys(value);
    if (
      schema.minProperties !== undefined &&
      keys.length < schema.minProperties
    ) {
      return { path, reason: `fewer than ${schema.minProperties} fields` };
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (Object.hasOwn(value, name)) {
        const problem = this.check(
          value[name],
          property,
          file,
          path ? `${path}.${name}` : name
        );
        if (problem) {
          return problem;
        }
      }
    }
    // After the fields that are there, so that a wrong `type` is what a message says of an
    // event that matches none of its forms.
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) {
        return { path, reason: `'${name}' is missing` };
      }
    }
    return null;
  }

  private _checkOneOf(
    value: unknown,
    branches: ISchema[],
    file: string,
    path: string
  ): ISchemaProblem | null {
    const problems = branches.map(branch =>
      this.check(value, branch, file, path)
    );
    const matches = problems.filter(problem => problem === null).length;
    if (matches === 1) {
      return null;
    }
    if (matches > 1) {
      return { path, reason: 'matches more than one of its possible forms' };
    }
    // The branch that got furthest is the one the value was meant to be (a records event
    // with a bad record fails deep in the records branch, and at `type` in the others);
    // where several got as far, each one's reason is said.
    const failed = problems as ISchemaProblem[];
    const deepest = failed.reduce((a, b) =>
      b.path.length > a.path.length ? b : a
    );
    const reasons = failed
      .filter(problem => problem.path === deepest.path)
      .map(problem => problem.reason);
    return { path: deepest.path, reason: [...new Set(reasons)].join(', or ') };
  }

  private _resolve(file: string, pointer: string): ISchema {
    let node: unknown = this._schemas[file];
    for (const part of pointer.split('/').filter(part => part !== '')) {
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
    if (node === undefined) {
      throw new Error(`the schema ${file}#${pointer} is not known`);
    }
    return node as ISchema;
  }
}

function isOfType(value: unknown, type: string): boolean {
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

function rangeProblem(
  value: number,
  schema: ISchema,
  path: string
): ISchemaProblem | null {
  if (schema.minimum !== undefined && value < schema.minimum) {
    return { path, reason: `${value} is below ${schema.minimum}` };
  }
  if (
    schema.exclusiveMinimum !== undefined &&
    value <= schema.exclusiveMinimum
  ) {
    return { path, reason: `${value} is not above ${schema.exclusiveMinimum}` };
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    return { path, reason: `${value} is above ${schema.maximum}` };
  }
  return null;
}

function lengthProblem(
  length: number,
  schema: ISchema,
  path: string
): ISchemaProblem | null {
  if (schema.minLength !== undefined && length < schema.minLength) {
    return { path, reason: `fewer than ${schema.minLength} characters` };
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return { path, reason: `more than ${schema.maxLength} characters` };
  }
  return null;
}
