// Generates src/schema.ts from the JSON Schemas that the Python package ships (the API schema
// and, through its $ref, the cell record), so that the formats are described once. `--check`
// fails when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';

const schemaDir = 'python_ext/jupyterlab_memory_inspector/schemas';
const targets = [
  {
    schema: 'api.schema.json',
    name: 'MemoryInspectorApi',
    out: 'src/schema.ts'
  }
];

let stale = false;
for (const target of targets) {
  const path = `${schemaDir}/${target.schema}`;
  const schema = JSON.parse(readFileSync(path, 'utf-8'));
  const generated = await compile(schema, target.name, {
    bannerComment: `/**\n * Generated from ${path} by scripts/record-types.mjs: do not edit.\n * Run \`jlpm build:record-types\` after changing the schema.\n */`,
    cwd: schemaDir,
    declareExternallyReferenced: true,
    unreachableDefinitions: true,
    additionalProperties: false,
    style: { singleQuote: true, trailingComma: 'none' }
  });
  const file = target.out;
  // Formatted as the rest of src/ is, so that `prettier --check` agrees with the generator.
  const formatted = await format(generated, {
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
process.exit(stale ? 1 : 0);
