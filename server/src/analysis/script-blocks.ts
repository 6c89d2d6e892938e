/**
 * The script of a Vue or Svelte single-file component as a document of its own: the text of its
 * `<script>` blocks in place, everything else blanked (line breaks kept). Offsets, lines and
 * columns are the component's own, so findings and fix edits computed on the script view apply
 * to the component file unchanged.
 */
import type { Project } from '../engine/project';
import { SourceDoc } from '../engine/source';

const scriptBlock = /(<script\b[^>]*>)([\s\S]*?)<\/script\s*>/gi;

export function maskToScripts(text: string): string {
  const out = text.replace(/[^\r\n]/g, ' ').split('');
  scriptBlock.lastIndex = 0;
  for (let m = scriptBlock.exec(text); m; m = scriptBlock.exec(text)) {
    const start = m.index + m[1]!.length;
    for (let i = 0; i < m[2]!.length; i++) out[start + i] = m[2]![i]!;
  }
  return out.join('');
}

/** `doc` itself for script files; the script view of `.vue` / `.svelte` files; undefined otherwise. */
export function scriptView(project: Project, doc: SourceDoc): SourceDoc | undefined {
  if (doc.isScript) return doc;
  if (doc.kind !== 'vue' && doc.kind !== 'svelte') return undefined;
  // Parsed as TSX: accepts both `<script>` and `<script lang="ts">`.
  return project.memo(doc, 'analysis:script-view', (d) => new SourceDoc(`${d.path}.tsx`, maskToScripts(d.text), d.version));
}
