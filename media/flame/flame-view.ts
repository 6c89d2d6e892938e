/**
 * One canvas that draws a `Layout` (flame graph, flame chart or a sandwich half) and handles
 * zoom, pan, hover and clicks. Only rectangles inside the viewport are visited (binary search
 * per row), and runs narrower than a pixel are drawn once per pixel column, so a frame costs
 * the same at any profile size.
 */
import { firstEndingAfter, hitTest, type Layout } from '../../shared/profile/layout';
import { displayName, type FrameTable } from '../../shared/profile/model';
import { parseColor, shadeOf, type Palette } from './theme';

export const rowHeight = 18;
const minSpan = 1e-9;

export interface Hit {
  row: number;
  index: number;
  node: number;
  x0: number;
  x1: number;
}

export interface FlameViewEvents {
  hover(hit: Hit | null, event: MouseEvent | null): void;
  select(hit: Hit, event: MouseEvent): void;
  zoom(hit: Hit | null): void;
  viewChanged(): void;
}

export class FlameView {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private layout: Layout;
  private nodeFrame: Int32Array;
  private frameColor: Uint8Array;
  private labelWidth: Float32Array;
  viewStart = 0;
  viewEnd = 1;
  scrollTop = 0;
  hovered: Hit | null = null;
  selectedNode = -1;
  /** Frames to highlight (search); others are dimmed. */
  matches: Uint8Array | null = null;
  /** Colours per node instead of per category (the diff view: red slower, blue faster). */
  nodeColors: { index: Uint8Array; fill: string[]; text: string[] } | null = null;
  /** A frame whose every node is outlined (selected in the table). */
  markedFrame = -1;
  private width = 0;
  private height = 0;
  private pending = 0;
  lastDrawMs = 0;
  private drag: { x: number; y: number; start: number; end: number; top: number; moved: boolean } | null = null;
  private strips: {
    canvas: HTMLCanvasElement;
    ctx: CanvasRenderingContext2D;
    image: ImageData;
    data: Uint32Array;
    width: number;
    rows: number;
    dpr: number;
    fills: readonly string[];
    solid: Uint32Array;
    dim: Uint32Array;
  } | null = null;

  constructor(
    parent: HTMLElement,
    private readonly frames: FrameTable,
    private palette: Palette,
    layout: Layout,
    nodeFrame: Int32Array,
    private readonly events: FlameViewEvents,
    label: string,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
    parent.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.layout = layout;
    this.nodeFrame = nodeFrame;
    this.frameColor = new Uint8Array(frames.name.length);
    for (let f = 0; f < frames.name.length; f++) this.frameColor[f] = frames.category[f]! * 4 + shadeOf(frames.name[f]!);
    this.labelWidth = new Float32Array(frames.name.length).fill(-1);
    this.reset();
    this.listen();
  }

  setLayout(layout: Layout, nodeFrame: Int32Array): void {
    this.layout = layout;
    this.nodeFrame = nodeFrame;
    this.hovered = null;
    this.selectedNode = -1;
    this.reset();
  }

  /** Frame names changed (source-mapped): labels are measured again. */
  namesChanged(): void {
    this.labelWidth.fill(-1);
    this.requestDraw();
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.labelWidth.fill(-1);
    this.requestDraw();
  }

  get domain(): Layout {
    return this.layout;
  }

  reset(): void {
    this.viewStart = this.layout.start;
    this.viewEnd = Math.max(this.layout.end, this.layout.start + minSpan);
    this.scrollTop = 0;
    this.changed();
  }

  zoomTo(x0: number, x1: number, row?: number): void {
    const span = Math.max(x1 - x0, minSpan);
    this.viewStart = x0;
    this.viewEnd = x0 + span;
    if (row !== undefined) {
      const y = row * rowHeight;
      if (y < this.scrollTop || y + rowHeight > this.scrollTop + this.height) this.scrollTop = Math.max(0, y - rowHeight * 2);
    }
    this.clampView();
    this.changed();
  }

  /** factor < 1 zooms in; `at` is the anchor as a fraction of the width. */
  zoomBy(factor: number, at = 0.5): void {
    const span = this.viewEnd - this.viewStart;
    const anchor = this.viewStart + span * at;
    const next = Math.max(span * factor, minSpan);
    this.viewStart = anchor - next * at;
    this.viewEnd = this.viewStart + next;
    this.clampView();
    this.changed();
  }

  panBy(dxPx: number, dyPx: number): void {
    const perPx = (this.viewEnd - this.viewStart) / Math.max(this.width, 1);
    this.viewStart += dxPx * perPx;
    this.viewEnd += dxPx * perPx;
    this.scrollTop += dyPx;
    this.clampView();
    this.changed();
  }

  private clampView(): void {
    const { start, end } = this.layout;
    const full = Math.max(end - start, minSpan);
    let span = this.viewEnd - this.viewStart;
    if (span > full) span = full;
    if (this.viewStart < start) this.viewStart = start;
    if (this.viewStart + span > end) this.viewStart = Math.max(start, end - span);
    this.viewEnd = this.viewStart + span;
    const maxTop = Math.max(0, this.layout.rows.length * rowHeight - this.height + rowHeight);
    this.scrollTop = Math.min(Math.max(0, this.scrollTop), maxTop);
  }

  private changed(): void {
    // The visible window, readable by tests and assistive tooling.
    this.canvas.dataset.view = `${this.viewStart},${this.viewEnd},${this.scrollTop}`;
    this.requestDraw();
    this.events.viewChanged();
  }

  resize(): void {
    const rect = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, Math.floor(rect.width));
    this.height = Math.max(1, Math.floor(rect.height));
    this.canvas.width = Math.floor(this.width * dpr);
    this.canvas.height = Math.floor(this.height * dpr);
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.clampView();
    this.draw();
  }

  requestDraw(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  /** Screen x (CSS px) of a domain value. */
  xOf(value: number): number {
    return ((value - this.viewStart) / (this.viewEnd - this.viewStart)) * this.width;
  }

  draw(): void {
    const started = performance.now();
    const { ctx, width, height, palette } = this;
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, width, height);
    ctx.font = palette.font;
    ctx.textBaseline = 'middle';
    const scale = width / (this.viewEnd - this.viewStart);
    const firstRow = Math.floor(this.scrollTop / rowHeight);
    const lastRow = Math.min(this.layout.rows.length - 1, Math.floor((this.scrollTop + height) / rowHeight));
    const labels: Array<[number, number, number, number, string]> = [];
    const fills = this.nodeColors?.fill ?? palette.fill;
    const texts = this.nodeColors?.text ?? palette.text;
    const outlines: Array<[number, number, number, string]> = [];
    /** Frames a pixel or wider: left, y, width, colour, dimmed; drawn over the strips, as their edges may overlap a strip's column. */
    const boxes: number[] = [];
    const visibleRows = Math.max(lastRow - firstRow + 1, 1);
    const strips = this.stripsFor(visibleRows, fills);
    const stripRows: Array<[number, number]> = [];
    for (let r = firstRow; r <= lastRow; r++) {
      const row = this.layout.rows[r]!;
      const count = row.x0.length;
      const y = r * rowHeight - this.scrollTop;
      const stripRow = (r - firstRow) * strips.width;
      let stripUsed = false;
      let lastPixel = -1;
      for (let i = firstEndingAfter(row, this.viewStart); i < count; i++) {
        const a = row.x0[i]!;
        if (a >= this.viewEnd) break;
        const px0 = (a - this.viewStart) * scale;
        const px1 = (row.x1[i]! - this.viewStart) * scale;
        if (px1 - px0 < 1) {
          // Sub-pixel runs: one fill per pixel column, the column's first run's colour.
          const px = Math.floor(px0);
          if (px === lastPixel) continue;
          lastPixel = px;
          const node = row.node[i]!;
          const frame = this.nodeFrame[node]!;
          const dim = this.matches !== null && this.matches[frame] === 0;
          const colour = this.nodeColors ? this.nodeColors.index[node]! : this.frameColor[frame]!;
          const packed = dim ? strips.dim[colour]! : strips.solid[colour]!;
          const d1 = Math.min(Math.max(Math.round((px + 1) * strips.dpr), Math.round(px * strips.dpr) + 1), strips.width);
          for (let d = Math.max(Math.round(px * strips.dpr), 0); d < d1; d++) strips.data[stripRow + d] = packed;
          stripUsed = true;
          // Zoomed out, many runs share a column: skip the rest of this one.
          i = lastEndingBy(row.x1, i, count, this.viewStart + (px + 1) / scale);
          continue;
        }
        const node = row.node[i]!;
        const frame = this.nodeFrame[node]!;
        const dim = this.matches !== null && this.matches[frame] === 0;
        const colour = this.nodeColors ? this.nodeColors.index[node]! : this.frameColor[frame]!;
        const left = Math.max(px0, -1);
        const right = Math.min(px1, width + 1);
        lastPixel = Math.floor(right);
        boxes.push(left, y, Math.max(right - left - 1, 1), colour, dim ? 1 : 0);
        if (right - left > 24) labels.push([left, right, y, frame, texts[colour]!]);
        if (node === this.selectedNode) outlines.push([left, right, y, palette.selection]);
        else if (frame === this.markedFrame || (this.matches && !dim)) outlines.push([left, right, y, this.matches && !dim ? palette.match : palette.selection]);
        else if (palette.border) outlines.push([left, right, y, palette.border]);
      }
      if (stripUsed) stripRows.push([r - firstRow, y]);
    }
    if (stripRows.length > 0) {
      // Each strip row is one pixel tall, stretched to the row's height without smoothing.
      strips.ctx.putImageData(strips.image, 0, 0, 0, 0, strips.width, visibleRows);
      ctx.imageSmoothingEnabled = false;
      for (const [k, y] of stripRows) ctx.drawImage(strips.canvas, 0, k, strips.width, 1, 0, y, width, rowHeight - 1);
    }
    // Canvas state is set only when it changes: assigning a colour string parses it every time.
    let alpha = 1;
    let fill = '';
    ctx.globalAlpha = 1;
    for (let b = 0; b < boxes.length; b += 5) {
      const a = boxes[b + 4] ? 0.25 : 1;
      if (a !== alpha) ctx.globalAlpha = alpha = a;
      if (fills[boxes[b + 3]!] !== fill) ctx.fillStyle = fill = fills[boxes[b + 3]!]!;
      ctx.fillRect(boxes[b]!, boxes[b + 1]!, boxes[b + 2]!, rowHeight - 1);
    }
    ctx.globalAlpha = 1;
    for (const [left, right, y, frame, text] of labels) this.drawLabel(left, right, y, frame, text);
    ctx.lineWidth = 1;
    for (const [left, right, y, colour] of outlines) {
      ctx.strokeStyle = colour;
      ctx.strokeRect(left + 0.5, y + 0.5, Math.max(right - left - 2, 1), rowHeight - 2);
    }
    if (this.hovered && this.hovered.row >= firstRow && this.hovered.row <= lastRow) {
      const h = this.hovered;
      ctx.strokeStyle = palette.foreground;
      ctx.strokeRect(this.xOf(h.x0) + 0.5, h.row * rowHeight - this.scrollTop + 0.5, Math.max((h.x1 - h.x0) * scale - 2, 1), rowHeight - 2);
    }
    this.lastDrawMs = performance.now() - started;
    this.canvas.dataset.drawMs = this.lastDrawMs.toFixed(2);
  }

  /**
   * Zoomed out, a large profile has a run narrower than a pixel in most pixel columns of most
   * rows: tens of thousands of 1-px fillRects, which cost more to record and rasterize than the
   * rest of the frame. Those columns are written into one pixel row per visible row instead (the
   * canvas's device pixels, transparent elsewhere) and drawn with one drawImage per row.
   */
  private stripsFor(rows: number, fills: readonly string[]) {
    const width = Math.max(this.canvas.width, 1);
    let s = this.strips;
    if (!s || s.width !== width || s.rows < rows) {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = rows;
      const image = new ImageData(width, rows);
      s = this.strips = { canvas, ctx: canvas.getContext('2d')!, image, data: new Uint32Array(image.data.buffer), width, rows, dpr: 1, fills: [], solid: new Uint32Array(0), dim: new Uint32Array(0) };
    } else {
      s.data.fill(0, 0, rows * width);
    }
    s.dpr = width / Math.max(this.width, 1);
    if (s.fills !== fills) {
      // Packed RGBA in the platform's byte order; dimmed frames are a quarter opaque, like globalAlpha 0.25.
      const pack = (rgb: [number, number, number], alpha: number) => new Uint32Array(Uint8ClampedArray.of(rgb[0], rgb[1], rgb[2], alpha).buffer)[0]!;
      const rgbs = fills.map((f): [number, number, number] => parseColor(f) ?? [128, 128, 128]);
      s.fills = fills;
      s.solid = Uint32Array.from(rgbs, (c) => pack(c, 255));
      s.dim = Uint32Array.from(rgbs, (c) => pack(c, 64));
    }
    return s;
  }

  private drawLabel(left: number, right: number, y: number, frame: number, colour: string): void {
    const { ctx } = this;
    const name = displayName(this.frames.name[frame]!);
    let full = this.labelWidth[frame]!;
    if (full < 0) full = this.labelWidth[frame] = ctx.measureText(name).width;
    const room = right - Math.max(left, 0) - 8;
    if (room < 12) return;
    let text = name;
    if (full > room) {
      const chars = Math.floor((room / full) * name.length) - 1;
      if (chars < 2) return;
      text = `${name.slice(0, chars)}…`;
    }
    ctx.fillStyle = colour;
    ctx.fillText(text, Math.max(left, 0) + 4, y + rowHeight / 2);
  }

  hitAt(clientX: number, clientY: number): Hit | null {
    const rect = this.canvas.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top + this.scrollTop;
    const r = Math.floor(y / rowHeight);
    const row = this.layout.rows[r];
    if (!row) return null;
    const value = this.viewStart + (x / this.width) * (this.viewEnd - this.viewStart);
    const i = hitTest(row, value);
    if (i < 0) return null;
    return { row: r, index: i, node: row.node[i]!, x0: row.x0[i]!, x1: row.x1[i]! };
  }

  private listen(): void {
    const c = this.canvas;
    c.addEventListener('mousemove', (e) => {
      if (this.drag) {
        const dx = e.clientX - this.drag.x;
        const dy = e.clientY - this.drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) this.drag.moved = true;
        if (this.drag.moved) {
          const perPx = (this.drag.end - this.drag.start) / this.width;
          this.viewStart = this.drag.start - dx * perPx;
          this.viewEnd = this.drag.end - dx * perPx;
          this.scrollTop = this.drag.top - dy;
          this.clampView();
          this.changed();
          return;
        }
      }
      const hit = this.hitAt(e.clientX, e.clientY);
      if (hit?.node !== this.hovered?.node || hit?.index !== this.hovered?.index) {
        this.hovered = hit;
        this.requestDraw();
      }
      this.events.hover(hit, e);
    });
    c.addEventListener('mouseleave', () => {
      this.hovered = null;
      this.requestDraw();
      this.events.hover(null, null);
    });
    c.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, y: e.clientY, start: this.viewStart, end: this.viewEnd, top: this.scrollTop, moved: false };
    });
    window.addEventListener('mouseup', () => {
      setTimeout(() => (this.drag = null), 0);
    });
    c.addEventListener('click', (e) => {
      if (this.drag?.moved) return;
      const hit = this.hitAt(e.clientX, e.clientY);
      if (hit) {
        this.selectedNode = hit.node;
        this.requestDraw();
        this.events.select(hit, e);
      }
    });
    c.addEventListener('dblclick', (e) => {
      const hit = this.hitAt(e.clientX, e.clientY);
      if (hit) this.zoomTo(hit.x0, hit.x1, hit.row);
      else this.reset();
      this.events.zoom(hit);
    });
    c.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const rect = c.getBoundingClientRect();
        if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          this.panBy(e.shiftKey ? e.deltaY : e.deltaX, 0);
        } else {
          this.zoomBy(Math.exp(e.deltaY * 0.0015), (e.clientX - rect.left) / this.width);
        }
      },
      { passive: false },
    );
    c.addEventListener('keydown', (e) => {
      const step = this.width / 10;
      switch (e.key) {
        case '+':
        case '=':
          this.zoomBy(0.8);
          break;
        case '-':
        case '_':
          this.zoomBy(1.25);
          break;
        case 'ArrowLeft':
          this.panBy(-step, 0);
          break;
        case 'ArrowRight':
          this.panBy(step, 0);
          break;
        case 'ArrowUp':
          this.panBy(0, -rowHeight * 3);
          break;
        case 'ArrowDown':
          this.panBy(0, rowHeight * 3);
          break;
        case '0':
        case 'Escape':
          this.reset();
          this.events.zoom(null);
          break;
        default:
          return;
      }
      e.preventDefault();
    });
  }
}

/**
 * The last index from `i` on whose run ends by `x` (runs are sorted): a galloping search, as the
 * answer is usually a few runs ahead and a binary search over the whole row costs more.
 */
function lastEndingBy(x1: Float64Array, i: number, count: number, x: number): number {
  let lo = i;
  let step = 1;
  while (lo + step < count && x1[lo + step]! <= x) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, count);
  // x1[lo] <= x; x1[hi] > x or hi === count.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x1[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}
