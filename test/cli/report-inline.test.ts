// How the HTML report inlines the page's ES modules into one inline script: deterministic,
// each module in its own scope, dependencies first and once, and any form it cannot carry
// over faithfully refused rather than inlined wrong.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext, Script } from 'node:vm';
import { inlineModules } from '../../cli/report-template.js';

const WEB = join(import.meta.dirname, '..', '..', 'web');

/** A folder of modules, `files` by path inside it. */
function modules(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'runway-inline-'));
  for (const [path, code] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), code);
  }
  return root;
}

/** Inlines `entry` and runs it as the page would; the entry reports through `globalThis.out`. */
function run(root: string, entry = 'main.js'): unknown {
  const context: { out?: unknown } = {};
  runInNewContext(`'use strict';\n${inlineModules(join(root, entry), root)}`, context);
  return context.out;
}

describe('inlineModules', () => {
  it("keeps each module's private names to itself and evaluates a shared import once, before its importers", () => {
    const root = modules({
      'log.js': "export const order = [];\nexport function note(name) { order.push(name); }\n",
      'a.js': "import { note } from './log.js';\nconst secret = 'a';\nnote('a');\nexport const a = () => secret;\n",
      'lib/b.js': "import { note } from '../log.js';\nconst secret = 'b';\nnote('b');\nexport function b() { return secret; }\nexport class B {}\n",
      'main.js': "import { a as fromA } from './a.js';\nimport {\n  b,\n  B,\n} from './lib/b.js';\nimport { order } from './log.js';\nglobalThis.out = [fromA(), b(), typeof B, order];\n",
    });
    expect(run(root)).toEqual(['a', 'b', 'function', ['a', 'b']]);
    const code = inlineModules(join(root, 'main.js'), root);
    expect(code.match(/^\/\/ \S+$/gm)).toEqual(['// log.js', '// a.js', '// lib/b.js', '// main.js']);
    expect(inlineModules(join(root, 'main.js'), root)).toBe(code);
  });

  it.each([
    ['a default export', { 'x.js': 'export default 1;\n' }],
    ['an export list', { 'x.js': 'const x = 1;\nexport { x };\n' }],
    ['an exported let, which importers would not see change', { 'x.js': 'export let x = 1;\n' }],
    ['a namespace import', { 'x.js': "import * as y from './y.js';\n", 'y.js': 'export const y = 1;\n' }],
    ['an import for its side effects', { 'x.js': "import './y.js';\n", 'y.js': 'export const y = 1;\n' }],
    ['a package import', { 'x.js': "import { y } from 'chart.js';\n" }],
    ['a dynamic import', { 'x.js': "const y = await import('./y.js');\n", 'y.js': 'export const y = 1;\n' }],
    ['import.meta', { 'x.js': 'const here = import.meta.url;\n' }],
  ])('refuses %s', (_what, files) => {
    const root = modules(files);
    expect(() => inlineModules(join(root, 'x.js'), root)).toThrow(/^x\.js: cannot inline "/);
  });

  it('refuses a name the imported module does not export, a file outside the folder, and a cycle', () => {
    const root = modules({
      'x.js': "import { nope } from './y.js';\n",
      'y.js': 'const nope = 1;\nexport const yes = 2;\n',
      'inner/out.js': "import { yes } from '../y.js';\n",
      'c1.js': "import { c2 } from './c2.js';\nexport const c1 = 1;\n",
      'c2.js': "import { c1 } from './c1.js';\nexport const c2 = 2;\n",
    });
    expect(() => inlineModules(join(root, 'x.js'), root)).toThrow('x.js: y.js exports no nope');
    expect(() => inlineModules(join(root, 'inner', 'out.js'), join(root, 'inner'))).toThrow(/^out\.js: \.\.\/y\.js is outside /);
    expect(() => inlineModules(join(root, 'c1.js'), root)).toThrow('c1.js imports itself, through c1.js → c2.js');
  });

  it("inlines the report's module with the page's format, dom, charts and theme modules, as a script that parses", () => {
    const code = inlineModules(join(WEB, 'report', 'report.js'), WEB);
    expect(code.match(/^\/\/ \S+\.js$/gm)).toEqual(['// format.js', '// dom.js', '// charts.js', '// theme.js', '// report/report.js']);
    expect(() => new Script(code)).not.toThrow();
    expect(code).not.toMatch(/^(import|export)\b/m);
  });
});
