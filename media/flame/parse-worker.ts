/**
 * The parse worker: a dedicated Web Worker the page starts from a Blob (see `parser.ts`), so
 * parsing a 100 MB profile never blocks the page. Results come back with their typed arrays
 * transferred, not copied.
 */
import type { FromParser, ToParser } from './parse-protocol';
import { chartInput, chartLayout, layoutTransferables, prepareComparison, prepareProfile, transferables } from './prepare';

// The page's tsconfig has the DOM lib, not the worker one: this is the worker's global scope.
const scope = self as unknown as {
  postMessage(message: FromParser, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToParser>) => void): void;
};

scope.addEventListener('message', (event) => {
  const request = event.data;
  const now = () => performance.timeOrigin + performance.now();
  const onStage = (stage: string) => scope.postMessage({ type: 'stage', id: request.id, stage, at: now() });
  if (request.op === 'compare') {
    const outcome = prepareComparison(request.before, request.after, onStage);
    scope.postMessage({ type: 'done', id: request.id, outcome, at: now() }, outcome.ok ? transferables(outcome.value) : []);
    return;
  }
  const outcome = prepareProfile(request.bytes, onStage);
  if (!outcome.ok) return scope.postMessage({ type: 'done', id: request.id, outcome, at: now() });
  // The model's arrays move to the page; the chart is laid out from copies once the graph shows.
  const input = chartInput(outcome.value.model);
  scope.postMessage({ type: 'done', id: request.id, outcome, at: now() }, transferables(outcome.value));
  let layout = null;
  try {
    layout = chartLayout(input);
  } catch {
    // The page lays the chart out itself when asked.
  }
  scope.postMessage({ type: 'chart', id: request.id, layout }, layout ? layoutTransferables(layout) : []);
});

scope.postMessage({ type: 'ready' });
