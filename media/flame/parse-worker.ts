/**
 * The parse worker: a dedicated Web Worker the page starts from a Blob (see `parser.ts`), so
 * parsing a 100 MB profile never blocks the page. The file comes in chunks as the page reads
 * it and is scanned meanwhile; results go back with their typed arrays transferred, not copied.
 */
import type { FromParser, ToParser } from './parse-protocol';
import { chartInput, chartLayout, layoutTransferables, prepareComparison, ProfileIntake, transferables } from './prepare';

// The page's tsconfig has the DOM lib, not the worker one: this is the worker's global scope.
const scope = self as unknown as {
  postMessage(message: FromParser, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToParser>) => void): void;
};

const now = () => performance.timeOrigin + performance.now();
const intakes = new Map<number, ProfileIntake>();

scope.addEventListener('message', (event) => {
  const request = event.data;
  const onStage = (stage: string) => scope.postMessage({ type: 'stage', id: request.id, stage, at: now() });
  switch (request.op) {
    case 'open':
      intakes.set(request.id, new ProfileIntake(request.size, onStage));
      return;
    case 'chunk':
      intakes.get(request.id)?.write(request.bytes);
      return;
    case 'end': {
      const intake = intakes.get(request.id);
      intakes.delete(request.id);
      if (intake) void finish(request.id, intake);
      return;
    }
    case 'compare':
      void prepareComparison(request.before, request.after, onStage).then((outcome) =>
        scope.postMessage({ type: 'done', id: request.id, outcome, at: now() }, outcome.ok ? transferables(outcome.value) : []),
      );
  }
});

async function finish(id: number, intake: ProfileIntake): Promise<void> {
  const outcome = await intake.finish();
  if (!outcome.ok) return scope.postMessage({ type: 'done', id, outcome, at: now() });
  // The model's arrays move to the page; the chart is laid out from copies once the graph shows.
  const input = chartInput(outcome.value.model);
  scope.postMessage({ type: 'done', id, outcome, at: now() }, transferables(outcome.value));
  let layout = null;
  try {
    layout = chartLayout(input);
  } catch {
    // The page lays the chart out itself when asked.
  }
  scope.postMessage({ type: 'chart', id, layout }, layout ? layoutTransferables(layout) : []);
}

scope.postMessage({ type: 'ready' });
