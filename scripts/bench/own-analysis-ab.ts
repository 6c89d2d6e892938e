/**
 * The edited file's own analysis, two builds side by side in one process (issue 19): the
 * engine of this checkout and of another (`--before`, a checkout with its sources and
 * node_modules, e.g. the session's read-only copy of main), each with its own Project over the
 * same app. Every file is analysed once first (as the language server's scan does); then edits
 * of the file alternate between the two engines (a statement added in a function body, a call
 * added, each undone), and the CPU time of each analysis is taken. No server, no dependents, no
 * protocol: the figure the wall times of `real-app.ts` stretch on a shared machine.
 *
 *   node --import tsx scripts/bench/own-analysis-ab.ts --root /tmp/outline \
 *     --file server/models/Document.ts --before /work/start [--edits 30]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bodyAnchors } from './edit-figures';
import { percentile } from './measure';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}

async function engine(base: string): Promise<{ Project: any; NodeFileHost: any; analyzeDoc: any; rules: any; handlerSearches: (project: unknown) => number }> {
  const load = (rel: string) => import(path.join(base, 'server/src', rel));
  const [{ Project }, { NodeFileHost }, { analyzeDoc }, { rules }, { handlerSearches }] = await Promise.all([load('engine/project.ts'), load('engine/host.ts'), load('engine/analyze.ts'), load('rules/index.ts'), load('analysis/blocking-reach.ts')]);
  return { Project, NodeFileHost, analyzeDoc, rules, handlerSearches };
}

function scripts(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) scripts(p, out);
    else if (/\.[cm]?[jt]sx?$/.test(e.name)) out.push(p);
  }
  return out;
}

async function main(): Promise<void> {
  const root = path.resolve(option('root') ?? '.');
  const file = path.join(root, option('file') ?? '');
  const before = option('before');
  if (!before || !fs.existsSync(file)) throw new Error('usage: --root <app> --file <file in it> --before <other checkout> [--edits 30]');
  const edits = Number(option('edits') ?? 30);
  const builds = { before: await engine(path.resolve(before)), after: await engine(path.resolve(__dirname, '../..')) };
  const files = scripts(root);
  const text = fs.readFileSync(file, 'utf8');
  const runs = Object.entries(builds).map(([name, e]) => {
    const project = new e.Project(new e.NodeFileHost());
    project.listFiles = () => files;
    for (const f of files) {
      const doc = project.getDoc(f);
      if (doc) e.analyzeDoc(project, doc, { rules: e.rules });
      project.trimCache();
    }
    return { name, e, project, byKind: { body: [] as number[], call: [] as number[] }, searches: { body: 0, call: 0 }, version: 1 };
  });
  const lines = text.split('\n');
  const anchors = bodyAnchors(text);
  for (let k = 0; k < edits; k++) {
    const a = anchors[Math.floor(((k * 0.618034) % 1) * anchors.length)]!;
    const kind = k % 2 === 0 ? 'body' : 'call';
    const added = kind === 'body' ? `${a.indent}const note = "checked";` : `${a.indent}notifyOwner("checked");`;
    for (const version of [[...lines.slice(0, a.line), added, ...lines.slice(a.line)].join('\n'), text]) {
      // Which build goes first alternates.
      for (const r of k % 2 ? runs : [...runs].reverse()) {
        const doc = r.project.openDocument(file, version, r.version++);
        const searched = r.e.handlerSearches(r.project);
        const t0 = process.cpuUsage();
        r.e.analyzeDoc(r.project, doc, { rules: r.e.rules });
        const t = process.cpuUsage(t0);
        r.searches[kind] += r.e.handlerSearches(r.project) - searched;
        r.byKind[kind].push((t.user + t.system) / 1000);
        r.project.trimCache();
      }
    }
  }
  for (const r of runs) {
    const figures = (ms: number[]) => `p50 ${percentile(ms, 50).toFixed(1)}, p95 ${percentile(ms, 95).toFixed(1)}, mean ${(ms.reduce((s, x) => s + x, 0) / ms.length).toFixed(1)}`;
    const all = [...r.byKind.body, ...r.byKind.call];
    // Body edits (a statement added and removed) and call edits apart: they cost the rules different work.
    console.log(`${r.name}: ${all.length} analyses, CPU ms ${figures(all)}; body edits ${figures(r.byKind.body)}; call edits ${figures(r.byKind.call)}; handler files searched again (sync-in-handler): ${r.searches.body} in body edits, ${r.searches.call} in call edits`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
});
