/**
 * Files the CLI's and the editor's discovery skips are skipped here too (engine/file-sniff): too
 * large, minified or generated code holds nothing to fix, and both front ends must agree.
 */
import { isGenerated, isMinified, isMinifiedWhole, wholeMinifiedCheckBytes } from '../../server/src/engine/file-sniff';

const maxFileBytes = 1024 * 1024;

export function worthAnalyzing(file: string, text: string): boolean {
  const bytes = Buffer.byteLength(text);
  if (bytes > maxFileBytes) return false;
  const head = Buffer.from(text.slice(0, 8 * 1024));
  if (isMinified(file, head) || isGenerated(head)) return false;
  return bytes < wholeMinifiedCheckBytes || !isMinifiedWhole(text);
}
