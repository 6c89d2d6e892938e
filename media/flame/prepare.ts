/**
 * Everything done to a file before the page can draw it: parse, lay out the flame graph, total
 * each function. The parse worker runs this; the page runs the same code itself only when it
 * could not start the worker. Failures come back as the one sentence the page shows.
 */
import { diffProfiles, type DiffModel } from '../../shared/profile/diff';
import { frameStats, type FrameStats } from '../../shared/profile/frame-stats';
import { flameChartLayout, flameGraphLayout, type Layout } from '../../shared/profile/layout';
import { CpuProfileScanner, NotScanned } from '../../shared/profile/cpuprofile-scan';
import { isGzip, maxProfileBytes } from '../../shared/profile/limits';
import { ProfileError, type ProfileModel } from '../../shared/profile/model';
import { modelOfScan, parseProfile } from '../../shared/profile/parse';

export interface PreparedProfile {
  model: ProfileModel;
  layout: Layout;
  stats: FrameStats;
  parseMs: number;
}

export interface PreparedComparison {
  diff: DiffModel;
  layout: Layout;
  parseMs: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export type OnStage = (stage: string) => void;

/**
 * A profile as its bytes arrive: a V8 profile is scanned chunk by chunk meanwhile, a gzip file
 * (`.cpuprofile.gz`, a `.json.gz` trace) is decompressed on the way in by the browser's
 * `DecompressionStream`. `write` each chunk, then `finish`.
 */
export class ProfileIntake {
  private readonly scanner: CpuProfileScanner;
  private received = 0;
  private sniffed = false;
  private gunzip: { writer: WritableStreamDefaultWriter<BufferSource>; done: Promise<void> } | null = null;
  private tooLarge = false;
  private readonly started = performance.now();

  constructor(
    expectedBytes: number,
    private readonly onStage: OnStage,
    private readonly maxBytes = maxProfileBytes,
  ) {
    this.scanner = new CpuProfileScanner(expectedBytes);
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.sniffed) {
      this.sniffed = true;
      if (isGzip(chunk)) this.gunzip = this.startGunzip();
      this.onStage(this.gunzip ? 'decompressing and reading' : 'reading the profile');
    }
    if (this.gunzip) {
      // Errors surface when the output is read (`done`).
      this.gunzip.writer.write(chunk as Uint8Array<ArrayBuffer>).catch(() => undefined);
      return;
    }
    this.feed(chunk);
  }

  private feed(chunk: Uint8Array): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      this.tooLarge = true;
      return;
    }
    this.scanner.push(chunk);
  }

  private startGunzip(): { writer: WritableStreamDefaultWriter<BufferSource>; done: Promise<void> } {
    const stream = new DecompressionStream('gzip');
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const done = (async () => {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) return;
        this.feed(value);
        // A gzip bomb: stop reading once the output passes the limit.
        if (this.tooLarge) {
          await reader.cancel();
          return;
        }
      }
    })();
    return { writer, done };
  }

  async finish(): Promise<Outcome<PreparedProfile>> {
    const outcome = await this.model();
    return outcome.ok ? laidOut(outcome.value, performance.now() - this.started, this.onStage) : outcome;
  }

  /** The model alone, without the flame graph's layout (the compare view lays out the diff). */
  async model(): Promise<Outcome<ProfileModel>> {
    if (this.gunzip) {
      try {
        await this.gunzip.writer.close().catch(() => undefined);
        await this.gunzip.done;
      } catch (err) {
        return { ok: false, message: `The file is gzip-compressed but could not be decompressed: ${reason(err)}.` };
      }
    }
    if (this.tooLarge) {
      return { ok: false, message: `${this.gunzip ? 'Decompressed, the file is' : 'The file is'} over ${this.maxBytes / 1048576} MB; Hotpath opens profiles up to ${this.maxBytes / 1048576} MB.` };
    }
    let model: ProfileModel;
    try {
      try {
        const scanned = this.scanner.finish();
        this.onStage('building the call tree');
        model = modelOfScan(scanned);
      } catch (err) {
        if (!(err instanceof NotScanned)) throw err;
        // Not a V8 profile in the usual shape (a trace, folded stacks, a broken file): the ordinary path.
        model = parseProfile(this.scanner.bytes(), { onStage: this.onStage, scan: false, maxBytes: this.maxBytes });
      }
    } catch (err) {
      return { ok: false, message: err instanceof ProfileError ? err.message : `Hotpath could not read this profile: ${reason(err)}` };
    }
    return { ok: true, value: model };
  }
}

/** A whole file at once (a host that sends bytes, the compare view, tests). */
export function prepareProfile(bytes: Uint8Array, onStage: OnStage): Promise<Outcome<PreparedProfile>> {
  const intake = new ProfileIntake(bytes.byteLength, onStage);
  intake.write(bytes);
  return intake.finish();
}

function laidOut(model: ProfileModel, parseMs: number, onStage: OnStage): Outcome<PreparedProfile> {
  try {
    onStage('laying out the flame graph');
    const layout = flameGraphLayout(model.tree, model.frames.name);
    const stats = frameStats(model.tree, model.frames.name.length);
    return { ok: true, value: { model, layout, stats, parseMs } };
  } catch (err) {
    return { ok: false, message: `Hotpath could not draw this profile: ${reason(err)}` };
  }
}

/** What the flame chart's layout needs, copied before the model is handed to the page. */
export type ChartInput = { parent: Int32Array; timeline: ProfileModel['timeline']; end: number };

export function chartInput(model: ProfileModel): ChartInput {
  const { timeline } = model;
  return { parent: model.tree.parent.slice(), timeline: { node: timeline.node.slice(), start: timeline.start.slice() }, end: timeline.start[0]! + model.duration };
}

/** The time-ordered view's layout: seconds for a large profile, so the worker makes it after the first paint. */
export function chartLayout(input: ChartInput): Layout {
  return flameChartLayout({ parent: input.parent }, input.timeline, input.end);
}

export function layoutTransferables(layout: Layout): ArrayBuffer[] {
  return [...new Set(layout.rows.flatMap((r) => [r.x0.buffer, r.x1.buffer, r.node.buffer]))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

export interface NamedBytes {
  fileName: string;
  bytes: Uint8Array;
}

export async function prepareComparison(before: NamedBytes, after: NamedBytes, onStage: OnStage): Promise<Outcome<PreparedComparison>> {
  const started = performance.now();
  const models: ProfileModel[] = [];
  for (const side of [before, after]) {
    const outcome = await prepareModel(side.bytes, (stage) => onStage(`${side.fileName}: ${stage}`));
    if (!outcome.ok) return { ok: false, message: `${side.fileName}: ${outcome.message}` };
    models.push(outcome.value);
  }
  try {
    onStage('comparing');
    const diff = diffProfiles(models[0]!, models[1]!);
    const layout = flameGraphLayout(diff.tree, diff.frames.name);
    return { ok: true, value: { diff, layout, parseMs: performance.now() - started } };
  } catch (err) {
    return { ok: false, message: `Hotpath could not compare these profiles: ${reason(err)}` };
  }
}

/** A model alone (no layout), through the same intake: gzip and the byte scanner for each side. */
async function prepareModel(bytes: Uint8Array, onStage: OnStage): Promise<Outcome<ProfileModel>> {
  const intake = new ProfileIntake(bytes.byteLength, onStage);
  intake.write(bytes);
  return intake.model();
}

/**
 * The typed arrays' buffers of a prepared result, each once, so `postMessage` moves them
 * instead of copying hundreds of megabytes.
 */
export function transferables(value: PreparedProfile | PreparedComparison): ArrayBuffer[] {
  const groups: object[] = [...value.layout.rows];
  if ('model' in value) groups.push(value.model.frames, value.model.tree, value.model.timeline, value.stats);
  else groups.push(value.diff.frames, value.diff.tree, value.diff);
  const buffers = new Set<ArrayBuffer>();
  for (const group of groups) {
    for (const v of Object.values(group)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
  }
  return [...buffers];
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
