/**
 * Messages and settings shared by the extension (client/) and the language server (server/).
 * Both bundles compile this file in, so a change here is seen by both sides at once.
 */

/** Per-rule setting: `off` disables a rule, the others override its default severity. */
export type SeveritySetting = 'off' | 'info' | 'warning' | 'error';

/** The `hotpath.*` settings as the server receives them (see `contributes.configuration`). */
export interface HotpathSettings {
  /** `hotpath.rules`: rule id → severity override. */
  rules: Record<string, SeveritySetting>;
  /** `hotpath.exclude`: extra glob patterns (relative to a workspace folder) never analyzed. */
  exclude: string[];
  /** Files larger than this are skipped (kB). */
  maxFileSizeKb: number;
  /** `hotpath.sizedImageClasses`: classes that give images a fixed size (image-dimensions skips them). */
  sizedImageClasses?: string[];
  /** `hotpath.importBudgetKb`: heavy-import's budget per import (kB gzip). */
  importBudgetKb?: number;
  /** `hotpath.importCost.enabled`: inline import costs (inlay hints) and their hovers. */
  importCostEnabled?: boolean;
  /** `hotpath.debounceMs`: how long typing must pause before an edited document is re-analyzed (ms). */
  debounceMs?: number;
}

export const defaultSettings: HotpathSettings = {
  rules: {},
  exclude: [],
  maxFileSizeKb: 1024,
};

export type ServerState = 'starting' | 'analyzing' | 'idle' | 'error';

/**
 * Sent by the server whenever its state changes, so the client can keep its status bar item
 * current: `analyzing` while a scan runs, `idle` with totals afterwards.
 */
export namespace StatusNotification {
  export const method = 'hotpath/status' as const;
  export interface Params {
    state: ServerState;
    /** One line for the status bar tooltip. */
    message: string;
    filesAnalyzed?: number;
    filesTotal?: number;
    findings?: number;
    /** Files skipped during the last workspace scan (too large, binary, minified, …). */
    skipped?: number;
  }
}

/** A function's CPU time in the opened profile, at its start in a workspace file (after source maps). */
export interface ProfileHotspot {
  uri: string;
  /** 0-based line and column of the function's start, as V8 reports it. */
  line: number;
  column: number;
  name: string;
  /** Own time and time including callees, in the profile's unit. */
  self: number;
  total: number;
}

/**
 * Sent by the extension after a profile opens in the flame-graph editor (and again after the
 * server restarts), and with no functions when annotations are cleared. The server keeps the
 * last one and notes on sync-in-handler and n-plus-one diagnostics whose function is hot.
 */
export namespace ProfileHotspotsNotification {
  export const method = 'hotpath/profileHotspots' as const;
  export interface Params {
    /** The profile's file name, as messages name it. */
    profileName: string;
    unit: 'us' | 'samples';
    /** The whole profile's time, in `unit`. */
    duration: number;
    /** Empty: no profile (clears the notes). */
    functions: ProfileHotspot[];
  }
}
