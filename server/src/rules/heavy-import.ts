/**
 * heavy-import: an import in browser code that adds more than the budget to the bundle (measured
 * with esbuild: minified, tree-shaken to the bindings used, gzip), or that matches a known-heavy
 * library with a lighter alternative (whole lodash, moment, aws-sdk v2, core-js, RxJS 5 paths,
 * whole icon packs). Server code, tests, stories and type-only imports are never reported.
 *
 * The rule never waits for a measurement: it reports from cached sizes and the known-heavy table,
 * and asks for unknown sizes; the front end re-runs it when they arrive (bundle-cost/).
 */
import ts from 'typescript';
import { defineRule, type RuleContext } from '../engine/rule';
import type { Fix } from '../engine/finding';
import { bundleRole } from '../analysis/front-end-files';
import { packageRoot } from '../analysis/file-roles';
import { dependentsAmong, resolveEntry } from '../analysis/installed-packages';
import { mayImportPackage, packageNameOf } from '../analysis/package-imports';
import { scriptView } from '../analysis/script-blocks';
import type { SourceDoc } from '../engine/source';
import { budgetConfig, formatKb, importCosts, mayExceedBudget, type ImportCost } from '../bundle-cost/import-costs';
import { knownHeavyFor, type KnownHeavy } from '../bundle-cost/known-heavy';
import type { MeasuredCost } from '../bundle-cost/measure';
import { lodashPerMethodFix } from '../fixes/lodash-per-method';
import { lazyImportFix } from '../fixes/lazy-import';

export const heavyImport = defineRule({
  meta: {
    id: 'heavy-import',
    description: 'An import that adds more than its budget (default 20 kB gzip) to a browser bundle, or a known-heavy library with a lighter alternative',
    defaultSeverity: 'warning',
    fixable: true,
  },
  mayApply(doc) {
    return (doc.isScript || doc.kind === 'vue' || doc.kind === 'svelte') && mayImportPackage(doc);
  },
  check(ctx) {
    const role = bundleRole(ctx.project, ctx.doc);
    if (!role.browser) return;
    const root = packageRoot(ctx.project, ctx.doc.path);
    const budget = budgetConfig(ctx.project, ctx.doc.path, root, ctx.settings.importBudgetKb);
    if (!mayExceedBudget(ctx.project, ctx.doc, budget)) return;
    // The document the import nodes belong to: the file itself, or a component's script view.
    const script = scriptView(ctx.project, ctx.doc);
    if (!script) return;
    for (const c of importCosts(ctx.project, ctx.doc, budget.externals)) {
      if (c.external) continue;
      // Not installed: nothing to measure, but a known-heavy import needs no measurement.
      checkImport(ctx, script, c, budget.perPackage[c.pkg?.name ?? packageNameOf(c.imp.specifier)], budget.budgetKb, root);
    }
  },
});

function checkImport(ctx: RuleContext, script: SourceDoc, c: ImportCost, packageBudgetKb: number | undefined, budgetKb: number, appRoot: string): void {
  const { imp } = c;
  const measured = c.cost && !('error' in c.cost) ? c.cost : undefined;
  const row = knownHeavyFor(imp.specifier, imp.form, imp.names);
  const limitKb = packageBudgetKb ?? budgetKb;
  // A lazy chunk is not in the initial bundle: only the known-heavy table applies to it (and it does not).
  const over = measured !== undefined && imp.form !== 'dynamic' && measured.gzip > limitKb * 1000;
  // A package with its own budget in .hotpathrc.json was accepted at that size: the table does not override it.
  if (packageBudgetKb !== undefined && !over) return;
  if (!row && !over) return;

  const size = measured ? sizeText(measured) : undefined;
  const parts: string[] = [];
  if (size) parts.push(`'${imp.specifier}' adds ${size} to the browser bundle${over ? `, over the ${limitKb} kB budget` : ''}`);
  else parts.push(`'${imp.specifier}' is a known heavy import`);
  if (row) parts.push(`${row.problem}. Instead, ${row.instead}.`);
  const fixes = fixesFor(ctx, script, c, row);
  if (!row) parts.push(fixes.some((f) => f.title.startsWith('Load')) ? 'Load it lazily where it is used, or find a lighter package.' : 'Find a lighter package, import less of it, or load it lazily with import().');
  let message = row ? `${parts[0]}: ${parts[1]}` : `${parts[0]}. ${parts[1]}`;
  // Named imports from a CommonJS build keep the whole module: say why "import less" will not help.
  if (!row && c.pkg && imp.form === 'static' && imp.names.named.length > 0 && resolveEntry(c.pkg, imp.specifier)?.format === 'cjs') {
    message += ` Its browser build is CommonJS, so importing names does not shake off the rest.`;
  }
  const alsoBy = c.pkg ? dependentsAmong(ctx.project, appRoot, c.pkg.name) : [];
  if (alsoBy.length > 0) message += ` Note: ${alsoBy.map((d) => `'${d}'`).join(', ')} also depend${alsoBy.length === 1 ? 's' : ''} on '${c.pkg!.name}', so removing this import saves nothing while ${alsoBy.length === 1 ? 'it stays' : 'they stay'}.`;

  ctx.report({
    range: script.nodeRange(imp.specifierNode),
    message,
    fixes,
    explanation: explanation(measured, row, limitKb, c.pkg !== undefined),
  });
}

function sizeText(m: MeasuredCost): string {
  return `${formatKb(m.gzip)} gzip (${formatKb(m.bytes)} minified)`;
}

function fixesFor(ctx: RuleContext, script: SourceDoc, c: ImportCost, row: KnownHeavy | undefined): Fix[] {
  const fixes: Fix[] = [];
  const statement = statementOf(c.imp.node);
  if (row?.fix && statement) {
    const target = row.fix === 'lodash-per-method' ? 'lodash' : 'lodash-es';
    const pkgDir = c.pkg?.dir;
    const result = lodashPerMethodFix({
      doc: script,
      statement,
      target,
      ...(target === 'lodash' && pkgDir ? { hasMethod: (m: string) => ctx.project.stat(`${pkgDir}/${m}.js`)?.isFile === true } : {}),
    });
    if ('fix' in result) fixes.push(result.fix);
  }
  if (c.imp.form === 'static') {
    const lazy = lazyImportFix(script, c.imp);
    if ('fix' in lazy) fixes.push(lazy.fix);
  }
  return fixes;
}

function statementOf(node: ts.Node): ts.ImportDeclaration | ts.VariableStatement | undefined {
  if (ts.isImportDeclaration(node) || ts.isVariableStatement(node)) return node;
  return undefined;
}

function explanation(measured: MeasuredCost | undefined, row: KnownHeavy | undefined, limitKb: number, installed: boolean): string {
  const lines: string[] = [];
  if (measured) {
    lines.push(
      `Measured with esbuild as a production browser bundle of just this import (minified, tree-shaken to what is imported, gzip): **${formatKb(measured.gzip)} gzip**, ${formatKb(measured.bytes)} minified. Budget: ${limitKb} kB gzip.`,
    );
    if (measured.contents.length > 1) lines.push(`Inside: ${measured.contents.map((x) => `${x.name} ${formatKb(x.bytes)}`).join(', ')}.`);
  } else {
    lines.push(
      installed
        ? 'The size is being measured; the known cost of this library is reason enough to look at it.'
        : 'The package is not installed here (no node_modules), so its size was not measured; the known cost of this library is reason enough to look at it.',
    );
  }
  if (row) lines.push(`Instead, ${row.instead}.`);
  lines.push('If another dependency already bundles the same library, removing this import saves nothing until every user of it is gone; sizes of separate imports that share dependencies do not add up.');
  return lines.join('\n\n');
}
