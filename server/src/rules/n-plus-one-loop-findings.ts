/**
 * One loop, one finding. A loop body that makes three round trips per item is one problem with one
 * fix (batch the loop), so the Problems panel gets one entry for it: at the loop's first per-item
 * call of the highest severity, naming how many calls run per item, with the others as related
 * locations (each with the message it would have had on its own). Calls that may be fine for a
 * reason of their own are left out of a loop that has a real problem.
 */
import type { RelatedLocation } from '../engine/finding';
import type { ReportDescriptor } from '../engine/rule';
import type { SourceDoc } from '../engine/source';
import type ts from 'typescript';

/** One per-item call (or helper call reaching one) in a loop, as it would be reported alone. */
export interface PerItemCall {
  node: ts.Node;
  /** What the message names: `` `prisma.user.findFirst` `` or `` `getUser()` ``. */
  what: string;
  unit: string;
  /** In a branch of the loop body: some items skip it, so the count is "up to". */
  conditional: boolean;
  /** Reported as `info` for a reason of its own (its own address, an error path): not part of a loop's real problem. */
  mayBeFine: boolean;
  descriptor: ReportDescriptor & { related: RelatedLocation[] };
}

/** How the loop is described in a merged message (the same words a single finding uses). */
export interface LoopWords {
  noun: string;
  /** "for each element of `orders`". */
  each: string;
  /** What applies to every call of the loop: ", concurrently in `Promise.all`, but still N queries", a start-up note. */
  tail: (plural: string) => string;
}

const plurals: Record<string, string> = { query: 'queries', request: 'requests', 'round trip': 'round trips' };

export function pluralUnit(unit: string): string {
  return plurals[unit] ?? `${unit}s`;
}

const isWarning = (d: ReportDescriptor) => d.severity !== 'info';

/**
 * The finding for a loop's per-item calls: the call alone when there is one, else one finding at
 * the first warning-level call (the first call when all are `info`) whose message counts them.
 */
export function loopFinding(doc: SourceDoc, calls: readonly PerItemCall[], words: LoopWords): ReportDescriptor {
  // Calls that may be fine on their own (a request to each item's own URL beside a batchable
  // query) are not the loop's problem: its finding is about the others.
  const problem = calls.some((c) => !c.mayBeFine) ? calls.filter((c) => !c.mayBeFine) : calls;
  const sorted = [...problem].sort((a, b) => a.node.getStart(doc.sourceFile) - b.node.getStart(doc.sourceFile));
  if (sorted.length === 1) return sorted[0]!.descriptor;
  const anchor = sorted.find((c) => isWarning(c.descriptor)) ?? sorted[0]!;
  const others = sorted.filter((c) => c !== anchor);
  const units = new Set(sorted.map((c) => c.unit));
  const unit = units.size === 1 ? sorted[0]!.unit : 'round trip';
  const plural = pluralUnit(unit);
  const names = sorted.map((c) => c.what);
  const listed = names.length <= 3 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  const related: RelatedLocation[] = [...anchor.descriptor.related];
  for (const c of others) {
    related.push({ path: doc.path, range: doc.nodeRange(c.node), message: c.descriptor.message }, ...c.descriptor.related);
  }
  const fixes = [...(anchor.descriptor.fixes ?? [])];
  for (const c of others) for (const f of c.descriptor.fixes ?? []) if (!fixes.some((g) => g.title === f.title)) fixes.push(f);
  return {
    node: anchor.node,
    message: `${sorted.some((c) => c.conditional) ? 'up to ' : ''}${sorted.length} ${plural} per ${words.noun}: ${listed} run ${words.each}${words.tail(plural)}`,
    severity: anchor.descriptor.severity,
    related,
    fixes,
    explanation: [
      anchor.descriptor.explanation ?? '',
      '',
      `**${sorted.length} per-item calls in this loop**, each one ${unit} or more per element:`,
      ...sorted.map((c) => `- ${c.what} (line ${doc.positionAt(c.node.getStart(doc.sourceFile)).line + 1})${isWarning(c.descriptor) ? '' : ': may be fine, see its related message'}`),
    ].join('\n'),
  };
}
