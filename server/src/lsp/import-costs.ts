/**
 * Import costs in the editor: an inlay hint after every package import of browser code
 * ("≈ 26.9 kB gzip"), a hover on the module name, and the background measurements behind both
 * and behind `heavy-import`. Measurements are cached in the folder the client passes
 * (`initializationOptions.storagePath`: the extension's global storage), so a workspace re-opens
 * with every size known. When a size lands, the files that asked for it are re-analysed and
 * the client is asked to refresh its inlay hints.
 */
import { InlayHintKind, MarkupKind, type Hover, type InlayHint, type Range as LspRange } from 'vscode-languageserver';
import type { Position } from '../engine/finding';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { bundleRole } from '../analysis/front-end-files';
import { packageRoot } from '../analysis/file-roles';
import { scriptView } from '../analysis/script-blocks';
import { CostService, type CostResult } from '../bundle-cost/cost-service';
import { defaultCacheDir } from '../bundle-cost/cache-dir';
import { attachImportCosts, budgetConfig, formatKb, importCosts, type ImportCost } from '../bundle-cost/import-costs';
import type { ImportProbe } from '../bundle-cost/measure';

export interface ImportCostOptions {
  log: (message: string) => void;
  /** Called with the files whose analysis used a size that has just been measured. */
  onCostsChanged: (paths: string[]) => void;
  measure?: (probe: ImportProbe) => Promise<CostResult>;
}

export class ImportCostFeature {
  private costService: CostService | undefined;
  /** Cache key → files that asked for it while it was unknown. */
  private readonly waiting = new Map<string, Set<string>>();

  constructor(private readonly options: ImportCostOptions) {}

  /** Open the cache in `cacheDir` (the client's storage folder) or the default cache folder. */
  start(cacheDir: string | undefined): void {
    const dir = cacheDir ?? defaultCacheDir();
    this.costService = new CostService({ cacheDir: dir, log: this.options.log, ...(this.options.measure ? { measure: this.options.measure } : {}) });
    this.options.log(`Import costs are cached in ${dir} (${this.costService.cache.size} known)`);
    this.costService.onMeasured((key) => {
      const paths = this.waiting.get(key);
      this.waiting.delete(key);
      if (paths && paths.size > 0) this.options.onCostsChanged([...paths]);
    });
  }

  get service(): CostService {
    if (!this.costService) this.start(undefined);
    return this.costService!;
  }

  /** Give a Project the cost source; the rule and the hints find it there. */
  attach<P extends Project>(project: P): P {
    const waiting = this.waiting;
    return attachImportCosts(project, {
      costs: {
        lookup: (key) => this.service.lookup(key),
        isPending: (key) => this.service.isPending(key),
        request: (key, probe, from) => {
          if (from) {
            let set = waiting.get(key);
            if (!set) waiting.set(key, (set = new Set()));
            set.add(from);
          }
          // An open file's sizes come first: the user is looking at them.
          this.service.request(key, probe, from !== undefined && project.isOpen(from));
        },
      },
    });
  }

  /** The package imports of a browser file with their costs (empty for any other file). */
  costsOf(project: Project, doc: SourceDoc): ImportCost[] {
    if (!bundleRole(project, doc).browser) return [];
    const budget = budgetConfig(project, doc.path, packageRoot(project, doc.path));
    return importCosts(project, doc, budget.externals);
  }

  inlayHints(project: Project, doc: SourceDoc, range: LspRange): InlayHint[] {
    const hints: InlayHint[] = [];
    for (const c of this.costsOf(project, doc)) {
      const end = doc.positionAt(c.imp.node.getEnd());
      if (end.line < range.start.line || end.line > range.end.line) continue;
      const label = hintLabel(c);
      if (!label) continue;
      hints.push({ position: end, label, kind: InlayHintKind.Parameter, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: costMarkdown(c) } });
    }
    return hints;
  }

  hover(project: Project, doc: SourceDoc, position: Position): Hover | null {
    const offset = doc.offsetAt(position);
    const script = scriptView(project, doc);
    if (!script) return null;
    for (const c of this.costsOf(project, doc)) {
      const lit = c.imp.specifierNode;
      const start = lit.getStart(script.sourceFile);
      if (offset < start || offset > lit.getEnd()) continue;
      return { contents: { kind: MarkupKind.Markdown, value: costMarkdown(c) }, range: doc.rangeOf(start, lit.getEnd()) };
    }
    return null;
  }

  flush(): void {
    this.costService?.flush();
  }
}

function hintLabel(c: ImportCost): string | undefined {
  if (c.external) return 'host-provided';
  if (!c.cost) return c.pending ? 'measuring…' : undefined;
  if ('error' in c.cost) return undefined;
  const lazy = c.imp.form === 'dynamic' ? ' (lazy chunk)' : '';
  return `≈ ${formatKb(c.cost.gzip)} gzip${lazy}`;
}

/** Markdown for the hover and the hint's tooltip. */
export function costMarkdown(c: ImportCost): string {
  const name = c.pkg ? `**${c.pkg.name}** ${c.pkg.version}` : `**${c.imp.specifier}**`;
  if (c.external) return `${name}: provided by the host page (\`importExternals\` or a host-provided library): it adds nothing to this bundle.`;
  if (!c.pkg) return `${name}: not installed, so its size cannot be measured.`;
  if (!c.cost) return `${name}: measuring…`;
  if ('error' in c.cost) return `${name}: the size could not be measured: ${c.cost.error}`;
  const m = c.cost;
  const what = c.imp.form === 'side-effect' ? 'its side effects only' : c.imp.form === 'require' ? 'the whole module (require)' : c.imp.names.whole ? 'the whole module' : 'the bindings imported';
  const lines = [
    `${name}: **${formatKb(m.gzip)} gzip**, ${formatKb(m.bytes)} minified${c.imp.form === 'dynamic' ? ', in its own lazy chunk' : ''}.`,
    `Measured with esbuild: a production browser bundle of ${what}, tree-shaken, peers left out.`,
  ];
  if (m.contents.length > 0) lines.push(`Inside: ${m.contents.map((x) => `${x.name} ${formatKb(x.bytes)}`).join(', ')}.`);
  return lines.join('\n\n');
}
