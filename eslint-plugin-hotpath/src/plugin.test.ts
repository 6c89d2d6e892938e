/**
 * The plugin inside ESLint 9's Linter, on code written the way apps are: the recommended config,
 * ESLint's and Hotpath's suppression comments, rule options (the settings' mirror), the tree
 * typescript-eslint's parser built being analysed instead of a second parse, and a pause between
 * files starting a new run that sees changed files.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Linter, type Rule as EslintRule } from 'eslint';
import tseslint from 'typescript-eslint';
import type ts from 'typescript';
import { MemoryFileHost } from '../../server/src/engine/host';
import { defineRule } from '../../server/src/engine/rule';
import { tempWorkspace } from '../../server/src/testing/temp-workspace';
import { createPlugin } from './plugin';
import { rules as registry } from '../../server/src/rules/index';
import { Projects, runGapMs } from './projects';

const root = '/workspace';
const docsDir = path.join(__dirname, '../../docs');

const handler = `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/report/:name', (req, res) => {
  const body = fs.readFileSync(\`reports/\${req.params.name}.html\`, 'utf8');
  res.send(body);
});
`;

function setup(files: Record<string, string> = {}, clock = { now: 0 }) {
  const host = new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`${root}/${rel}`, text])));
  const projects = new Projects({ host, now: () => clock.now });
  const plugin = createPlugin({ projects, host, docsDir, version: '0.0.0-test' });
  return { host, projects, plugin, clock };
}

function lint(plugin: ReturnType<typeof createPlugin>, code: string, file: string, extra: Linter.Config[] = []) {
  const linter = new Linter({ cwd: root });
  const parser: Linter.Config = file.endsWith('.ts') ? { languageOptions: { parser: tseslint.parser as Linter.Parser } } : {};
  return linter.verify(code, [{ files: ['**/*.ts', '**/*.js'] }, parser, plugin.configs.recommended, ...extra], `${root}/${file}`);
}

/** A rule that hands over the TypeScript tree typescript-eslint's parser built for the file. */
function spyRule(take: (tree: ts.SourceFile) => void): EslintRule.RuleModule {
  return {
    create: (context) => ({
      Program(node) {
        const services = context.sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(n: unknown): unknown } } | undefined;
        take(services?.esTreeNodeToTSNodeMap?.get(node) as ts.SourceFile);
      },
    }),
  };
}

/** An engine rule that only notes the tree it was given, run beside the real ones. */
function treeSeenByRules() {
  let seen: ts.SourceFile | undefined;
  const rule = defineRule({
    meta: { id: 'tree-seen', description: 'notes the tree rules see', defaultSeverity: 'warning', fixable: false },
    check(ctx) {
      seen = ctx.doc.sourceFile;
    },
  });
  return { rule, tree: () => seen };
}

describe('eslint-plugin-hotpath in ESLint', () => {
  it('the recommended config turns on the four rules at their default severity, linked to their docs', () => {
    const { plugin } = setup();
    assert.deepEqual(Object.keys(plugin.rules).sort(), ['heavy-import', 'image-dimensions', 'n-plus-one', 'sync-in-handler']);
    assert.equal(plugin.configs.recommended.plugins?.hotpath, plugin);
    for (const [id, rule] of Object.entries(plugin.rules)) {
      assert.equal(rule.meta?.docs?.url, `file://${docsDir}/rules/${id}.md`);
      assert.ok(plugin.configs.recommended.rules?.[`hotpath/${id}`]);
    }
  });

  it('reports a blocking call in an Express handler with the engine message and its fix, in JavaScript through espree', () => {
    const { plugin } = setup();
    const messages = lint(plugin, handler, 'src/server.js');
    assert.equal(messages.length, 1, JSON.stringify(messages));
    const [m] = messages;
    assert.equal(m!.ruleId, 'hotpath/sync-in-handler');
    assert.equal(m!.severity, 1);
    assert.deepEqual([m!.line, m!.column], [5, 16]);
    assert.match(m!.message, /^`fs\.readFileSync` blocks the event loop in the handler for GET \/report\/:name/);
    assert.ok(m!.fix, 'the preferred fix is an ESLint fix');
  });

  it('eslint-disable-next-line hotpath/sync-in-handler and Hotpath\'s own comment both silence it', () => {
    const { plugin } = setup();
    const eslintComment = handler.replace('  const body', '  // eslint-disable-next-line hotpath/sync-in-handler -- read once per deploy\n  const body');
    assert.deepEqual(lint(plugin, eslintComment, 'src/a.js'), []);
    const hotpathComment = handler.replace('  const body', '  // hotpath-ignore-next-line sync-in-handler\n  const body');
    assert.deepEqual(lint(plugin, hotpathComment, 'src/b.js'), []);
    // Another rule's comment silences nothing.
    const other = handler.replace('  const body', '  // eslint-disable-next-line hotpath/n-plus-one\n  const body');
    assert.equal(lint(plugin, other, 'src/c.js').filter((m) => m.ruleId === 'hotpath/sync-in-handler').length, 1);
  });

  it('analyses the tree typescript-eslint parsed instead of parsing the file again', () => {
    const seen = treeSeenByRules();
    const plugin = createPlugin({ host: new MemoryFileHost({ [`${root}/src/server.ts`]: handler }), docsDir, version: '0.0.0-test', rules: [...registry, seen.rule] });
    let parsed: ts.SourceFile | undefined;
    const messages = lint(plugin, handler, 'src/server.ts', [{ plugins: { spy: { rules: { tree: spyRule((tree) => (parsed = tree)) } } }, rules: { 'spy/tree': 'error', 'hotpath/tree-seen': 'warn' } }]);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.ok(parsed, 'typescript-eslint hands out its TypeScript tree');
    assert.equal(seen.tree(), parsed, 'the engine analysed the parser\'s tree');
  });

  it('with type information (projectService), analyses the tree of ESLint\'s TypeScript program', () => {
    const ws = tempWorkspace('eslint-typed', {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'node16', target: 'es2022', noEmit: true }, include: ['src'] }),
      'src/server.ts': handler,
    });
    try {
      const seen = treeSeenByRules();
      const plugin = createPlugin({ docsDir, version: '0.0.0-test', rules: [...registry, seen.rule] });
      let parsed: ts.SourceFile | undefined;
      const messages = new Linter({ cwd: ws.dir }).verify(
        handler,
        [
          { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser, parserOptions: { projectService: true, tsconfigRootDir: ws.dir } } },
          plugin.configs.recommended,
          { plugins: { spy: { rules: { tree: spyRule((tree) => (parsed = tree)) } } }, rules: { 'spy/tree': 'error', 'hotpath/tree-seen': 'warn' } },
        ],
        path.join(ws.dir, 'src/server.ts'),
      );
      assert.deepEqual(messages.map((m) => [m.ruleId, m.line, m.column]), [['hotpath/sync-in-handler', 5, 16]]);
      assert.ok(parsed);
      assert.equal(seen.tree(), parsed);
    } finally {
      ws.remove();
    }
  });

  it('options mirror the settings: n-plus-one dataAccess rows, image-dimensions sizedImageClasses', () => {
    const { plugin } = setup();
    const client = `import { DbClient } from '@acme/db-client';
const db = new DbClient();
export async function profiles(ids: string[]) {
  const out = [];
  for (const id of ids) out.push(await db.fetchOne('profiles', id));
  return out;
}
`;
    assert.deepEqual(lint(plugin, client, 'src/profiles.ts'), [], 'an unknown client is not a data-access call');
    const withRow = lint(plugin, client, 'src/profiles2.ts', [{ rules: { 'hotpath/n-plus-one': ['warn', { dataAccess: [{ module: '@acme/db-client', calls: ['fetchOne'], library: 'Acme DB' }] }] } }]);
    assert.deepEqual(withRow.map((m) => [m.line, m.column, m.message]), [[5, 40, '1 query per id: `db.fetchOne` (Acme DB) runs for each element of `ids`']]);

    const icon = `export function Logo() {\n  return <img src="/logo.svg" className="icon" alt="" />;\n}\n`;
    const tsx = { languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } };
    assert.equal(lint(plugin, icon, 'src/Logo.js', [tsx]).length, 1);
    assert.deepEqual(lint(plugin, icon, 'src/Logo2.js', [tsx, { rules: { 'hotpath/image-dimensions': ['warn', { sizedImageClasses: ['icon'] }] } }]), []);
  });

  it('a bad option is refused by ESLint with a message naming it', () => {
    const { plugin } = setup();
    assert.throws(() => lint(plugin, handler, 'src/x.js', [{ rules: { 'hotpath/heavy-import': ['warn', { importBudgetKb: 'twenty' }] } }]), /importBudgetKb.*should be number|should be number/s);
    assert.throws(() => lint(plugin, handler, 'src/y.js', [{ rules: { 'hotpath/n-plus-one': ['warn', { dataAccess: [{ calls: ['q'] }] }] } }]), /hotpath\/n-plus-one[\s\S]*required property '.module'/);
  });

  // sync-in-handler reports the blocking call once, in its own file, naming the handlers that reach it
  // from other files: the plugin finds them among the working folder's files.
  const route = (calls: boolean) => `import express from 'express';
import { renderReport } from './render';
const app = express();
app.post('/reports/:id', (req, res) => {
  res.send(${calls ? 'renderReport(req.params.id)' : 'req.params.id'});
});
`;
  const render = `import { execSync } from 'node:child_process';\nexport function renderReport(id: string) {\n  return execSync(\`render \${id}\`).toString();\n}\n`;

  it('finds the handler in another file that reaches a blocking call, and sees that file change once a new lint run starts', () => {
    const { plugin, host, clock } = setup({ 'src/routes.ts': route(true), 'src/render.ts': render });
    const found = lint(plugin, render, 'src/render.ts');
    assert.deepEqual(found.map((m) => [m.ruleId, m.line]), [['hotpath/sync-in-handler', 3]]);
    assert.match(found[0]!.message, /POST \/reports\/:id/);
    host.write(`${root}/src/routes.ts`, route(false));
    clock.now += runGapMs / 2;
    assert.equal(lint(plugin, render, 'src/render.ts').length, 1, 'within a run, files read are cached');
    clock.now += runGapMs * 2;
    assert.deepEqual(lint(plugin, render, 'src/render.ts'), [], 'a new run reads the file again');
  });

  it('a file linted again after another one starts a new run at once (a second eslint . in the same process)', () => {
    const { plugin, host } = setup({ 'src/routes.ts': route(true), 'src/render.ts': render });
    assert.equal(lint(plugin, render, 'src/render.ts').length, 1);
    assert.deepEqual(lint(plugin, 'export const x = 1;\n', 'src/other.ts'), []);
    host.write(`${root}/src/routes.ts`, route(false));
    // The clock stands still: only the repeated file tells that a new run began.
    assert.deepEqual(lint(plugin, render, 'src/render.ts'), []);
  });

  it('a rule that crashes on a file says so on that file and the lint run goes on', () => {
    const broken = defineRule({
      meta: { id: 'n-plus-one', description: 'broken for this test', defaultSeverity: 'warning', fixable: false },
      check() {
        throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      },
    });
    const host = new MemoryFileHost();
    const plugin = createPlugin({ host, docsDir, version: '0.0.0-test', rules: [broken] });
    const messages = lint(plugin, handler, 'src/server.js');
    assert.deepEqual(
      messages.map((m) => [m.ruleId, m.line, m.message]),
      [['hotpath/n-plus-one', 1, "Hotpath's n-plus-one could not analyse this file (please report it): TypeError: Cannot read properties of undefined (reading 'kind')"]],
    );
  });
});
