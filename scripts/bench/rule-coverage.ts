/**
 * How far each rule gets on the corpus's files: past its text prefilter (`mayApply`), past the
 * file-role checks it makes before parsing (browser bundle, server code), and to the things it
 * reports on (request handlers, JSX images). A full scan with no findings only means something
 * when the rules really analysed the files; an earlier corpus sat in this repository's scripts/
 * folder, was a script to every rule, and its 0 findings measured little more than file reads.
 */
import { bundleRole } from '../../server/src/analysis/front-end-files';
import { nonServerReason, packageRoot } from '../../server/src/analysis/file-roles';
import { findHandlers } from '../../server/src/analysis/handlers';
import { batchImportCosts } from '../../server/src/bundle-cost/batch-costs';
import { budgetConfig, mayExceedBudget } from '../../server/src/bundle-cost/import-costs';
import { catalogueFor } from '../../server/src/analysis/data-access-config';
import { mayReachBlockingApi, mayReachDataAccess } from '../../server/src/analysis/import-closure';
import { markupFacts } from '../../server/src/analysis/markup-elements';
import { discoverFiles } from '../../server/src/engine/discovery';
import { NodeFileHost } from '../../server/src/engine/host';
import { Project } from '../../server/src/engine/project';
import { rules } from '../../server/src/rules/index';

export interface RuleCoverage {
  /** Files that pass the rule's text prefilter. */
  prefilter: number;
  /**
   * Of those, files the rule analyses after its role checks (browser code, server code) and the
   * import walk that finds whether a query, a request or a blocking call is reachable at all.
   */
  analyzed: number;
  /** What the rule looks for, where it has such a notion: files with request handlers, with JSX images. */
  withTargets?: number;
}

/** n-plus-one stays quiet in these roles (rules/n-plus-one.ts). */
const quietRoles = new Set(['test code', 'script or CLI', 'migration or seed', 'build configuration']);

export async function ruleCoverage(root: string): Promise<Record<string, RuleCoverage>> {
  const { files } = await discoverFiles([root]);
  const project = new Project(new NodeFileHost());
  // The sizes the timed runs used (HOTPATH_CACHE_DIR), so heavy-import's cut is the one they made.
  batchImportCosts(project, () => {});
  const out: Record<string, RuleCoverage> = {};
  for (const r of rules) out[r.meta.id] = { prefilter: 0, analyzed: 0, ...(r.meta.id === 'sync-in-handler' || r.meta.id === 'image-dimensions' ? { withTargets: 0 } : {}) };
  for (const file of files) {
    const doc = project.getDoc(file);
    if (!doc) continue;
    for (const r of rules) {
      if (r.mayApply && !r.mayApply(doc)) continue;
      const c = out[r.meta.id]!;
      c.prefilter++;
      const role = () => nonServerReason(doc.path, doc.text, packageRoot(project, doc.path));
      switch (r.meta.id) {
        case 'heavy-import':
          // Browser code, with an import that may be over budget judged by text and cached whole-entry sizes.
          if (bundleRole(project, doc).browser && mayExceedBudget(project, doc, budgetConfig(project, doc.path, packageRoot(project, doc.path)))) c.analyzed++;
          break;
        case 'n-plus-one': {
          const reason = role();
          // Files whose imports never reach a data-access package or fetch are not parsed.
          if ((reason === undefined || !quietRoles.has(reason)) && mayReachDataAccess(project, doc, catalogueFor(project, doc.path))) c.analyzed++;
          break;
        }
        case 'sync-in-handler':
          if (role() === undefined && mayReachBlockingApi(project, doc)) {
            c.analyzed++;
            if (findHandlers(project, doc).length > 0) c.withTargets!++;
          }
          break;
        case 'image-dimensions':
          c.analyzed++;
          if (markupFacts(project, doc).images.length > 0) c.withTargets!++;
          break;
        default:
          c.analyzed++;
      }
    }
  }
  return out;
}
