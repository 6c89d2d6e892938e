/**
 * Static findings meet a CPU profile: when the function holding a `sync-in-handler` or
 * `n-plus-one` finding is hot in the opened profile, the finding's message says so
 * ("… — this function took 18% of CPU in profile api.cpuprofile") and its explanation gives the
 * figures. No rule knows about profiles; both front ends (the language server and `hotpath check
 * --profile`) pass the findings through here.
 *
 * Profiles name functions by where V8 says they start, which is not where TypeScript's node
 * starts: measured with `node --cpu-prof` (Node 20), a function declaration, a function
 * expression and a method are reported at the `(` of their parameter list, a plain arrow at its
 * `(` (or its lone parameter), an async arrow at `async`; through a source map the position
 * lands on a token nearby (esbuild's maps put `function name(` on the name). All of these lie in
 * the function's head, from its first token to the start of its body, so a profile function
 * matches the AST function whose head holds its position.
 */
import ts from 'typescript';
import type { Finding } from './finding';
import type { SourceDoc } from './source';

/** One function of the profile, at its position in a file of the project. */
export interface FunctionShare {
  /** Absolute path with forward slashes, like `Finding.path`. */
  path: string;
  /** 0-based line and column of the function's start as V8 reports it (after source mapping). */
  line: number;
  column: number;
  name: string;
  self: number;
  total: number;
}

export interface ProfileShares {
  /** The file name shown in messages, e.g. `api.cpuprofile`. */
  profileName: string;
  unit: 'us' | 'samples';
  /** The whole profile's time, in `unit`. */
  duration: number;
  functions: readonly FunctionShare[];
}

/**
 * A function must take at least this share of the profile's time (its total: own code and
 * callees) to be called hot. 1%: below it a profile's sampling noise and start-up dominate.
 */
export const minLinkedShare = 0.01;

/** The rules whose findings are about time spent in a function. */
export const linkedRules: ReadonlySet<string> = new Set(['sync-in-handler', 'n-plus-one']);

const notePattern = / — (?:this function|its enclosing function(?: `[^`]*`)?|`[^`]*`) took \d+(?:\.\d)?% of CPU in profile .*$/s;

/** The message without a profile note: how a finding is recognised whether or not a profile is open. */
export function withoutProfileNote(message: string): string {
  return message.replace(notePattern, '');
}

type Fn = ts.FunctionLikeDeclaration;

interface Hot {
  fn: Fn;
  share: FunctionShare;
}

export class ProfileLink {
  private readonly byPath = new Map<string, FunctionShare[]>();

  constructor(readonly profile: ProfileShares) {
    for (const f of profile.functions) {
      if (!(profile.duration > 0) || !(f.total / profile.duration >= minLinkedShare)) continue;
      const list = this.byPath.get(f.path);
      if (list) list.push(f);
      else this.byPath.set(f.path, [f]);
    }
  }

  /** Files with at least one hot function. */
  get paths(): readonly string[] {
    return [...this.byPath.keys()];
  }

  /**
   * The findings with a note on those whose function is hot; the others are returned as they
   * are (the same objects). `docOf` gives the parsed file of a path (the finding's, a related one's).
   */
  link(findings: readonly Finding[], docOf: (path: string) => SourceDoc | undefined): Finding[] {
    if (this.byPath.size === 0) return [...findings];
    return findings.map((f) => {
      if (!linkedRules.has(f.ruleId)) return f;
      let found;
      try {
        found = this.hotFor(f, docOf);
      } catch {
        // A note is extra: whatever goes wrong finding it, the finding is reported as the rule made it.
        return f;
      }
      if (!found) return f;
      const pct = percent(found.hot.share.total, this.profile.duration);
      const who = found.kind === 'own' ? 'this function' : found.kind === 'enclosing' ? `its enclosing function${found.name ? ` ${found.name}` : ''}` : found.name ?? '`(anonymous)`';
      return {
        ...f,
        message: `${f.message} — ${who} took ${pct} of CPU in profile ${this.profile.profileName}`,
        explanation: [f.explanation, this.details(found.hot, found.doc, found.name)].filter(Boolean).join('\n\n'),
      };
    });
  }

  private hotFor(f: Finding, docOf: (path: string) => SourceDoc | undefined): { hot: Hot; doc: SourceDoc; kind: 'own' | 'enclosing' | 'related'; name: string | undefined } | undefined {
    const doc = docOf(f.path);
    if (doc?.isScript) {
      const fns = enclosingFunctions(doc, doc.offsetAt(f.range.start));
      for (let i = 0; i < fns.length; i++) {
        const hot = this.match(doc, fns[i]!);
        if (hot) return { hot, doc, kind: i === 0 ? 'own' : 'enclosing', name: nameOf(fns[i]!, hot.share) };
      }
    }
    // A handler referenced from another file (`router.get('/', listOrders)`): the finding sits at
    // the reference, and its first related location is a call inside the handler.
    if (f.ruleId === 'sync-in-handler') {
      for (const r of f.related) {
        const other = docOf(r.path);
        if (!other?.isScript) continue;
        const fn = enclosingFunctions(other, other.offsetAt(r.range.start))[0];
        const hot = fn && this.match(other, fn);
        if (hot) return { hot, doc: other, kind: 'related', name: nameOf(fn, hot.share) };
      }
    }
    return undefined;
  }

  /** The hottest profile function whose position lies in `fn`'s head. */
  private match(doc: SourceDoc, fn: Fn): Hot | undefined {
    const shares = this.byPath.get(doc.path);
    if (!shares) return undefined;
    const sf = doc.sourceFile;
    const start = fn.getStart(sf);
    const end = fn.body ? fn.body.getStart(sf) : fn.end;
    let best: FunctionShare | undefined;
    for (const s of shares) {
      const at = doc.offsetAt({ line: s.line, character: s.column });
      if (at >= start && at < end && (!best || s.total > best.total)) best = s;
    }
    return best && { fn, share: best };
  }

  private details(hot: Hot, doc: SourceDoc, name: string | undefined): string {
    const { duration, unit, profileName } = this.profile;
    const s = hot.share;
    const line = doc.positionAt(hot.fn.getStart(doc.sourceFile)).line + 1;
    const where = `${doc.path.slice(doc.path.lastIndexOf('/') + 1)}:${line}`;
    return (
      `**In profile ${profileName}:** ${name ?? 'this function'} (${where}) took ${percent(s.total, duration)} of the CPU time ` +
      `(${amount(s.total, unit)} of ${amount(duration, unit)}), ${percent(s.self, duration)} in its own code; the rest in what it calls.`
    );
  }
}

/** Function-like nodes around an offset, innermost first. */
export function enclosingFunctions(doc: SourceDoc, offset: number): Fn[] {
  const out: Fn[] = [];
  const visit = (n: ts.Node): void => {
    if (offset < n.getStart(doc.sourceFile) || offset >= n.end) return;
    if (isFunction(n)) out.unshift(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(doc.sourceFile, visit);
  return out;
}

function isFunction(n: ts.Node): n is Fn {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

/** `` `listOrders` `` from the code (a declaration, or the variable or property an arrow is assigned to), else V8's name. */
function nameOf(fn: Fn, share: FunctionShare): string | undefined {
  let name: string | undefined;
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) name = fn.name.text;
  else if (ts.isConstructorDeclaration(fn)) name = 'constructor';
  else if ((ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent) || ts.isPropertyDeclaration(fn.parent)) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  else if (share.name) name = share.name;
  return name ? `\`${name}\`` : undefined;
}

export function percent(part: number, whole: number): string {
  const p = whole > 0 ? (100 * part) / whole : 0;
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

function amount(value: number, unit: 'us' | 'samples'): string {
  if (unit === 'samples') return `${Math.round(value)} samples`;
  const ms = value / 1000;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 0 : 1)} ms`;
}
