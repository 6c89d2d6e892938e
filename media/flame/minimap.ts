/**
 * Overview of the whole flame chart with the visible window marked; click or drag to move the
 * window. The full chart is drawn once into an offscreen canvas; each view change only copies it
 * and draws the window.
 */
import type { Layout } from '../../shared/profile/layout';
import type { FlameView } from './flame-view';
import type { Palette } from './theme';

const height = 40;

export class Minimap {
  private readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D;
  private offscreen: HTMLCanvasElement | null = null;
  private layout: Layout | null = null;
  private width = 0;

  constructor(
    readonly host: HTMLElement,
    private readonly view: FlameView,
    private palette: Palette,
  ) {
    this.canvas.setAttribute('aria-label', 'Overview of the whole profile; drag to move the visible window');
    this.canvas.style.height = `${height}px`;
    host.append(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    let dragging = false;
    const move = (e: MouseEvent) => {
      if (!this.layout) return;
      const rect = this.canvas.getBoundingClientRect();
      const at = this.layout.start + ((e.clientX - rect.left) / this.width) * (this.layout.end - this.layout.start);
      const span = view.viewEnd - view.viewStart;
      view.zoomTo(at - span / 2, at + span / 2);
    };
    this.canvas.addEventListener('mousedown', (e) => {
      dragging = true;
      move(e);
    });
    window.addEventListener('mousemove', (e) => dragging && move(e));
    window.addEventListener('mouseup', () => (dragging = false));
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.offscreen = null;
    this.draw();
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.offscreen = null;
    this.draw();
  }

  resize(): void {
    if (this.host.hidden) return;
    const dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, Math.floor(this.canvas.getBoundingClientRect().width));
    this.canvas.width = Math.floor(this.width * dpr);
    this.canvas.height = Math.floor(height * dpr);
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.offscreen = null;
    this.draw();
  }

  draw(): void {
    if (this.host.hidden || !this.layout || this.width <= 1) return;
    const { ctx, width } = this;
    const { start, end, rows } = this.layout;
    if (!this.offscreen) {
      const off = document.createElement('canvas');
      off.width = width;
      off.height = height;
      const o = off.getContext('2d')!;
      o.fillStyle = this.palette.background;
      o.fillRect(0, 0, width, height);
      const rowH = Math.max(1, Math.min(4, height / Math.max(rows.length, 1)));
      const scale = width / Math.max(end - start, 1e-9);
      o.fillStyle = this.palette.fill[0]!;
      rows.forEach((row, r) => {
        let last = -1;
        for (let i = 0; i < row.x0.length; i++) {
          const a = Math.floor((row.x0[i]! - start) * scale);
          const b = Math.ceil((row.x1[i]! - start) * scale);
          if (b <= last) continue;
          o.fillRect(Math.max(a, last), r * rowH, b - Math.max(a, last), rowH);
          last = b;
        }
      });
      this.offscreen = off;
    }
    ctx.drawImage(this.offscreen, 0, 0, width, height);
    const scale = width / Math.max(end - start, 1e-9);
    const a = (this.view.viewStart - start) * scale;
    const b = (this.view.viewEnd - start) * scale;
    ctx.fillStyle = 'rgba(128, 128, 128, 0.35)';
    ctx.fillRect(0, 0, a, height);
    ctx.fillRect(b, 0, width - b, height);
    ctx.strokeStyle = this.palette.selection;
    ctx.strokeRect(a + 0.5, 0.5, Math.max(b - a - 1, 1), height - 1);
  }
}
