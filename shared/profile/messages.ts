/**
 * Messages between the flame-graph custom editor (client/src/profile/) and its webview
 * (media/flame/). The profile travels as bytes after the webview says `ready`; it is never put
 * into the page's HTML.
 */
import type { AnnotationPayload } from './annotations';

/** A frame's location as the profile has it: its url, 0-based line and column. */
export interface FramePosition {
  url: string;
  line: number;
  column: number;
  /** The function's name as profiled (a minified bundle's `b`), so the map can name it. */
  name?: string;
}

/** Where a source map says a generated position comes from; `label` is the path as shown (workspace-relative). */
export interface OriginalPosition {
  label: string;
  /** 0-based. */
  line: number;
  column: number;
  /** The function's original name, from the map's `names`, where it differs from the profiled one. */
  name?: string;
}

/** Extension → webview. */
export type ToWebview =
  /** The file to show; the webview parses it (off the extension host's thread). */
  | { type: 'load'; fileName: string; bytes: Uint8Array }
  /**
   * The file to show, as a webview resource url the page fetches and parses as it downloads
   * (`size` in bytes); if it cannot, it answers `sendBytes`.
   */
  | { type: 'load'; fileName: string; url: string; size: number }
  /** Two profiles to compare (the differential view). */
  | { type: 'compare'; before: { fileName: string; bytes: Uint8Array }; after: { fileName: string; bytes: Uint8Array } }
  /** The extension could not read the file. */
  | { type: 'error'; message: string }
  /** Answer to `mapPositions`, in its order: null where there is no map or the source is outside the workspace. */
  | { type: 'positions'; originals: Array<OriginalPosition | null> };

/** Webview → extension. */
export type FromWebview =
  /** The page's script runs and listens: send `load`. */
  | { type: 'ready' }
  /** The page could not fetch the profile's url: send its bytes instead. */
  | { type: 'sendBytes' }
  /** The user clicked a frame: open its source (the extension checks the location first). */
  | { type: 'open'; url: string; line: number; column: number; name: string }
  /** The profile is drawn (or failed): for the output channel and tests. */
  | { type: 'loaded'; nodes: number; samples: number; warnings: string[]; parseMs: number; parsedIn: 'worker' | 'page' }
  | { type: 'failed'; message: string }
  /** Where these generated positions come from (the hottest user-code frames), through source maps. */
  | { type: 'mapPositions'; positions: FramePosition[] }
  /** Per-line and per-function times, for the editor's hot-line annotations and CodeLens. */
  | { type: 'annotations'; payload: AnnotationPayload };
