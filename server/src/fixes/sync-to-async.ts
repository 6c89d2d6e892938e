import type ts from 'typescript';
import type { Fix } from '../engine/finding';
import type { SourceDoc } from '../engine/source';

/** A blocking Node API call, resolved from the file's imports: e.g. { module: 'fs', name: 'readFileSync' }. */
export interface BlockingApi {
  /** Node module without the `node:` prefix ('fs', 'child_process', 'crypto', 'zlib'), or a package ('bcrypt'). */
  module: string;
  /** The exported function, e.g. 'readFileSync', 'execSync', 'pbkdf2Sync', 'gzipSync'. */
  name: string;
}

export interface SyncCallSite {
  doc: SourceDoc;
  call: ts.CallExpression;
  api: BlockingApi;
  /** The function that must become `async` (the handler the call sits directly in). */
  enclosingFunction: ts.FunctionLikeDeclaration;
}

/**
 * The quick fix that rewrites a blocking call into its awaited asynchronous twin, or
 * undefined when no equivalent rewrite exists. (Placeholder: being written.)
 */
export function syncToAsyncFix(_site: SyncCallSite): Fix | undefined {
  return undefined;
}
