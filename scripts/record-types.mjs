// Generates, from the JSON Schemas that the Python package ships (the API schema and, through
// its $ref, the cell record), so that the formats are described once:
// - src/schema.ts: the TypeScript types;
// - src/model/apiSchemas.ts: the schemas themselves, without their prose, which the frontend
//   checks each stream event against (with ajv) before using it.
// `--check` fails when a committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';

const schemaDir = 'python_ext/jupyterlab_memory_inspector/schemas';
const banner = path =>
  `/**\n * Generated from ${path} by scripts/record-types.mjs: do not edit.\n * Run \`jlpm build:record-types\` after changing the schema.\n */`;

let stale = false;

// Formatted as the rest of src/ is, so that `prettier --check` agrees with the generator.
async function emit(file, text) {
  const formatted = await format(text, {
    ...(await resolveConfig(file)),
    filepath: file
  });
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf-8');
    } catch {
      current = '';
    }
    if (current !== formatted) {
      console.error(`${file} is out of date: run jlpm build:record-types`);
      stale = true;
    }
  } else {
    writeFileSync(file, formatted);
  }
}

function load(name) {
  return JSON.parse(readFileSync(`${schemaDir}/${name}`, 'utf-8'));
}

// Removed where a schema stands (under `properties` and `definitions` the keys are names, which
// are kept): the keywords that only explain, the `$id`s (the schemas are registered by file
// name, as their `$ref`s name each other), and `additionalProperties`, because a server of a
// later release may add a field without raising the API version and the frontend reads only
// the fields it knows.
const PROSE = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'additionalProperties'
]);

function withoutProse(schema) {
  if (Array.isArray(schema)) {
    return schema.map(withoutProse);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const kept = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PROSE.has(key)) {
      continue;
    }
    kept[key] =
      key === 'properties' || key === 'definitions'
        ? Object.fromEntries(
            Object.entries(value).map(([name, sub]) => [
              name,
              withoutProse(sub)
            ])
          )
        : key === 'enum' || key === 'const' || key === 'required'
          ? value
          : withoutProse(value);
  }
  return kept;
}

// json-schema-to-typescript declares the referenced type a second time (`Name1`) for a `$ref`
// with keywords beside it, such as a property's own description: such a property wraps its
// `$ref` in `allOf`, which keeps the description and the one type.
function refsWithSiblings(schema, where) {
  if (schema === null || typeof schema !== 'object') {
    return [];
  }
  const found =
    !Array.isArray(schema) && '$ref' in schema && Object.keys(schema).length > 1
      ? [where]
      : [];
  for (const [key, value] of Object.entries(schema)) {
    found.push(...refsWithSiblings(value, `${where}/${key}`));
  }
  return found;
}

for (const name of ['api.schema.json', 'cell-record.schema.json']) {
  for (const where of refsWithSiblings(load(name), name + '#')) {
    console.error(
      `${where}: a $ref with other keywords beside it: put the $ref in "allOf": [{ "$ref": ... }]`
    );
    stale = true;
  }
}

const api = 'api.schema.json';
const types = await compile(load(api), 'MemoryInspectorApi', {
  bannerComment: banner(`${schemaDir}/${api}`),
  cwd: schemaDir,
  declareExternallyReferenced: true,
  unreachableDefinitions: true,
  additionalProperties: false,
  style: { singleQuote: true, trailingComma: 'none' }
});
await emit('src/schema.ts', types);

// Keyed by file name, as the API's $ref names the cell-record schema.
const schemas = Object.fromEntries(
  [api, 'cell-record.schema.json'].map(name => [name, withoutProse(load(name))])
);
await emit(
  'src/model/apiSchemas.ts',
  `${banner(`${schemaDir}/{${Object.keys(schemas).join(',')}}`)}

import { AnySchemaObject } from 'ajv/dist/2020';

/**
 * The API's schemas by file name (a \`$ref\` to another file names it so).
 */
export const API_SCHEMAS: Record<string, AnySchemaObject> = ${JSON.stringify(schemas)};
`
);

process.exit(stale ? 1 : 0);
