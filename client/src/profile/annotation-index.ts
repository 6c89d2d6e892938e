/**
 * Annotations from a profile, grouped by workspace file, with the labels the editor shows.
 * Only files inside the workspace are annotated (profile urls point anywhere). Pure, so the
 * grouping and wording are unit-tested; `annotations.ts` draws them.
 */
import type { AnnotationPayload } from '../../../shared/profile/annotations';
import { resolveFrameUrl } from '../../../shared/profile-sources/source-location';

export interface FileAnnotations {
  /** 0-based line → label after the line. */
  lines: Map<number, { self: number; label: string }>;
  functions: Array<{ line: number; column: number; name: string; label: string }>;
}

/** Lines below this share of the profile get no label: noise, not hot. */
export const minLineShare = 0.001;

export function indexAnnotations(payload: AnnotationPayload, profileName: string, workspaceFolders: readonly string[], profileDir?: string): Map<string, FileAnnotations> {
  const files = new Map<string, FileAnnotations>();
  const fileOf = new Map<string, string | null>();
  const resolve = (url: string): string | null => {
    let file = fileOf.get(url);
    if (file === undefined) {
      const target = resolveFrameUrl(url, workspaceFolders, profileDir);
      file = target.kind === 'workspace' ? target.file : null;
      fileOf.set(url, file);
    }
    return file;
  };
  const entry = (file: string): FileAnnotations => {
    let e = files.get(file);
    if (!e) files.set(file, (e = { lines: new Map(), functions: [] }));
    return e;
  };
  const { duration, unit } = payload;
  for (const l of payload.lines) {
    if (!(l.self >= duration * minLineShare)) continue;
    const file = resolve(l.url);
    if (!file) continue;
    const lines = entry(file).lines;
    const self = (lines.get(l.line)?.self ?? 0) + l.self;
    lines.set(l.line, { self, label: `${formatTime(self, unit)} self (${percent(self, duration)}) · ${profileName}` });
  }
  for (const f of payload.functions) {
    const file = resolve(f.url);
    if (!file) continue;
    entry(file).functions.push({ line: f.line, column: f.column, name: f.name, label: `${percent(f.self, duration)} self · ${percent(f.total, duration)} total` });
  }
  return files;
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '0%';
}

function formatTime(value: number, unit: 'us' | 'samples'): string {
  if (unit === 'samples') return `${Math.round(value)} samples`;
  const ms = value / 1000;
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}
