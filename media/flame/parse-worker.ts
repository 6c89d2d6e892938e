/**
 * The parse worker: a dedicated Web Worker the page starts from a Blob (see `parser.ts`), so
 * parsing a 100 MB profile never blocks the page. Results come back with their typed arrays
 * transferred, not copied.
 */
import type { FromParser, ToParser } from './parse-protocol';
import { prepareComparison, prepareProfile, transferables } from './prepare';

// The page's tsconfig has the DOM lib, not the worker one: this is the worker's global scope.
const scope = self as unknown as {
  postMessage(message: FromParser, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToParser>) => void): void;
};

scope.addEventListener('message', (event) => {
  const request = event.data;
  const onStage = (stage: string) => scope.postMessage({ type: 'stage', id: request.id, stage });
  const outcome =
    request.op === 'profile' ? prepareProfile(request.bytes, onStage) : prepareComparison(request.before, request.after, onStage);
  scope.postMessage({ type: 'done', id: request.id, outcome }, outcome.ok ? transferables(outcome.value) : []);
});

scope.postMessage({ type: 'ready' });
