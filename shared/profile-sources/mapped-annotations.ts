/**
 * A profile's annotations moved onto the files people edit: each url resolved to a workspace
 * file (relocated when the profile was made elsewhere), and positions in generated code (a
 * bundle in dist/ with a source map) mapped to the original source. Entries that end up outside
 * the workspace are dropped; lines and functions that land on the same original place add up.
 * The source-map lookup is passed in: the profile worker in the editor, a direct call in the CLI.
 */
import type { AnnotationPayload, FunctionAnnotation, LineAnnotation } from '../profile/annotations';
import { isInside, resolveFrameUrl } from './source-location';
import type { Position } from './source-maps';

export interface MappingContext {
  workspaceFolders: readonly string[];
  /** The profile's folder, for relative urls. */
  profileDir?: string;
  /** Lets urls from another machine be relocated into the workspace (see resolveFrameUrl). */
  exists?: (file: string) => boolean;
  /** Original positions of generated ones, in order; null where there is no map or mapping. */
  originalPositions(positions: Position[]): Promise<(Position | null)[]>;
}

export interface MappedAnnotations {
  /** Urls are absolute paths of workspace files. */
  payload: AnnotationPayload;
  /** Entries moved to another file by a source map. */
  mapped: number;
  /** Entries left out: not a workspace file, before or after mapping. */
  dropped: number;
}

export async function mapAnnotations(payload: AnnotationPayload, ctx: MappingContext): Promise<MappedAnnotations> {
  // A profile outside the workspace (someone's bundle and its maps in a download folder): its
  // own folder's files are looked up too, but only what maps into the workspace is annotated.
  const own = ctx.profileDir !== undefined && !ctx.workspaceFolders.some((f) => isInside(ctx.profileDir!, f)) ? ctx.profileDir : undefined;
  const roots = own ? [...ctx.workspaceFolders, own] : ctx.workspaceFolders;
  const inWorkspace = (file: string) => ctx.workspaceFolders.some((f) => isInside(file, f));
  const fileOf = new Map<string, string | null>();
  const resolve = (url: string): string | null => {
    let file = fileOf.get(url);
    if (file === undefined) {
      const target = resolveFrameUrl(url, roots, ctx.profileDir, ctx.exists);
      file = target.kind === 'workspace' ? target.file : null;
      fileOf.set(url, file);
    }
    return file;
  };
  const entries: Array<{ kind: 'line'; a: LineAnnotation } | { kind: 'function'; a: FunctionAnnotation }> = [
    ...payload.lines.map((a) => ({ kind: 'line' as const, a })),
    ...payload.functions.map((a) => ({ kind: 'function' as const, a })),
  ];
  const positions: Position[] = [];
  const owners: number[] = [];
  const files: (string | null)[] = entries.map((e, i) => {
    const file = resolve(e.a.url);
    if (file) {
      // Lines have no column: 0 finds the line's first mapped token.
      positions.push({ file, line: e.a.line, column: e.kind === 'function' ? e.a.column : 0 });
      owners.push(i);
    }
    return file;
  });
  const originals = positions.length > 0 ? await ctx.originalPositions(positions) : [];
  const moved = new Map<number, Position>();
  let mapped = 0;
  originals.forEach((o, k) => {
    if (!o) return;
    const original = resolveFrameUrl(o.file, ctx.workspaceFolders, undefined, ctx.exists);
    // A map may point anywhere: only a workspace file replaces the generated position.
    if (original.kind !== 'workspace') return;
    moved.set(owners[k]!, { ...o, file: original.file });
    mapped++;
  });

  const lines = new Map<string, LineAnnotation>();
  const functions = new Map<string, FunctionAnnotation>();
  let dropped = 0;
  entries.forEach((e, i) => {
    const file = files[i];
    const movedTo = moved.get(i);
    if (!file || (!movedTo && !inWorkspace(file))) {
      dropped++;
      return;
    }
    const at = movedTo ?? { file, line: e.a.line, column: e.kind === 'function' ? e.a.column : 0 };
    if (e.kind === 'line') {
      const key = `${at.line}\0${at.file}`;
      const entry = lines.get(key);
      if (entry) entry.self += e.a.self;
      else lines.set(key, { url: at.file, line: at.line, self: e.a.self });
    } else {
      const key = `${at.line}\0${at.column}\0${e.a.name}\0${at.file}`;
      const entry = functions.get(key);
      if (entry) {
        entry.self += e.a.self;
        entry.total += e.a.total;
      } else {
        functions.set(key, { ...e.a, url: at.file, line: at.line, column: at.column });
      }
    }
  });
  const out: AnnotationPayload = { unit: payload.unit, duration: payload.duration, lines: [...lines.values()], functions: [...functions.values()].sort((a, b) => b.total - a.total) };
  return { payload: out, mapped, dropped };
}
