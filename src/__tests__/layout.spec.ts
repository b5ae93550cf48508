import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const SRC = join(__dirname, '..');

/**
 * What reaches the server: the request helper, the record stream, or the platform's own calls.
 */
const TALKS_TO_SERVER =
  /from '[^']*(model\/|\.\/)(request|stream)'|ServerConnection\.makeRequest|new WebSocket\(|\bfetch\(/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === '__tests__' ? [] : sources(path);
    }
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('the frontend layout', () => {
  it('talks to the server from src/model only', () => {
    const files = sources(SRC).map(file => relative(SRC, file));
    const talking = files.filter(file =>
      TALKS_TO_SERVER.test(readFileSync(join(SRC, file), 'utf-8'))
    );
    // The check can fail: the model itself is found.
    expect(talking).toContain('model/inspector.ts');
    expect(talking.filter(file => !file.startsWith('model/'))).toEqual([]);
  });

  it('exports interfaces from the tokens, never a concrete class', () => {
    const tokens = readFileSync(join(SRC, 'tokens.ts'), 'utf-8');
    expect(tokens).toMatch(/export interface IMemoryInspector\b/);
    expect(tokens).not.toMatch(/export (abstract )?class\b/);
  });
});
