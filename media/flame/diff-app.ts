/**
 * The differential flame graph: the after profile's stacks, each frame coloured by how its self
 * share changed since the before profile (red: more, blue: less), and the functions that changed
 * most listed beside it.
 */
import type { DiffModel } from '../../shared/profile/diff';
import { flameGraphLayout, type Layout } from '../../shared/profile/layout';
import { displayName } from '../../shared/profile/model';
import { el } from './dom';
import { FlameView, type Hit } from './flame-view';
import { formatLocation } from './format';
import { parseColor, readPalette } from './theme';

const steps = 8;

export class DiffApp {
  private readonly view: FlameView;
  private readonly tooltip = el('div', { id: 'tooltip', role: 'tooltip', hidden: '' });

  constructor(
    root: HTMLElement,
    private readonly diff: DiffModel,
    beforeName: string,
    afterName: string,
    openSource: (frame: number) => void,
    layout: Layout = flameGraphLayout(diff.tree, diff.frames.name),
  ) {
    const palette = readPalette();
    const graph = el('div', { id: 'graph' });
    const title = el('header', { class: 'toolbar' }, el('strong', {}, `${beforeName} → ${afterName}`), el('span', { class: 'hint' }, 'width: after · red: larger self share than before · blue: smaller'));
    const changes = el('section', { id: 'table', 'aria-label': 'Largest changes' }, this.changesTable(openSource));
    root.replaceChildren(title, el('main', { id: 'views' }, graph), changes, this.tooltip);
    this.view = new FlameView(graph, diff.frames, palette, layout, diff.tree.frame, {
      hover: (hit, e) => this.showTooltip(hit, e),
      select: (hit) => openSource(diff.tree.frame[hit.node]!),
      zoom: () => undefined,
      viewChanged: () => undefined,
    }, `Differential flame graph, ${beforeName} to ${afterName}`);
    this.view.nodeColors = this.colours(palette.background);
    new ResizeObserver(() => this.view.resize()).observe(graph);
    this.view.resize();
  }

  /** A diverging scale: index 0–7 blue (less), 8 neutral, 9–16 red (more), by |Δ self share|. */
  private colours(background: string): { index: Uint8Array; fill: string[]; text: string[] } {
    const { diff } = this;
    const n = diff.tree.frame.length;
    let max = 0;
    for (let v = 0; v < n; v++) max = Math.max(max, Math.abs(diff.afterSelf[v]! - diff.beforeSelf[v]!));
    const index = new Uint8Array(n);
    for (let v = 0; v < n; v++) {
      const d = diff.afterSelf[v]! - diff.beforeSelf[v]!;
      const level = max > 0 ? Math.min(steps, Math.ceil((Math.abs(d) / max) * steps)) : 0;
      index[v] = steps + Math.sign(d) * level;
    }
    const bg = parseColor(background) ?? [30, 30, 30];
    const neutral = [128, 128, 128];
    const red = [220, 60, 50];
    const blue = [50, 120, 220];
    const fill: string[] = [];
    const text: string[] = [];
    for (let i = 0; i <= 2 * steps; i++) {
      const t = Math.abs(i - steps) / steps;
      const target = i > steps ? red : blue;
      const rgb = neutral.map((c, k) => Math.round((c + (target[k]! - c) * t) * 0.85 + bg[k]! * 0.15));
      fill.push(`rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`);
      text.push(0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]! > 150 ? '#000000' : '#ffffff');
    }
    return { index, fill, text };
  }

  private changesTable(openSource: (frame: number) => void): HTMLElement {
    const { diff } = this;
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    const rows = [...diff.changes.slice(0, 15), ...diff.changes.slice(-15).filter((c) => c.delta < 0 && !diff.changes.slice(0, 15).includes(c))];
    const body = el('tbody');
    for (const c of rows) {
      const tr = el(
        'tr',
        { class: c.delta > 0 ? 'regression' : 'improvement' },
        el('td', { class: 'num' }, `${c.delta > 0 ? '+' : ''}${pct(c.delta)}`),
        el('td', { class: 'num' }, `${pct(c.before)} → ${pct(c.after)}`),
        el('td', { class: 'name' }, displayName(diff.frames.name[c.frame]!)),
        el('td', { class: 'file' }, formatLocation(diff.frames.url[c.frame]!, diff.frames.line[c.frame]!, diff.frames.column[c.frame]!)),
      );
      tr.addEventListener('click', () => openSource(c.frame));
      body.append(tr);
    }
    const head = el('tr', {}, ...['Δ self', 'Self before → after', 'Function', 'File'].map((h) => el('th', { scope: 'col' }, h)));
    return el('div', { class: 'table-wrap' }, el('table', { class: 'functions' }, el('thead', {}, head), body));
  }

  private showTooltip(hit: Hit | null, e: MouseEvent | null): void {
    if (!hit || !e) {
      this.tooltip.hidden = true;
      return;
    }
    const { diff } = this;
    const v = hit.node;
    const f = diff.tree.frame[v]!;
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    const d = diff.afterSelf[v]! - diff.beforeSelf[v]!;
    const lines = [
      displayName(diff.frames.name[f]!),
      formatLocation(diff.frames.url[f]!, diff.frames.line[f]!, diff.frames.column[f]!) || '(no source location)',
      `Self ${pct(diff.beforeSelf[v]!)} → ${pct(diff.afterSelf[v]!)} (${d >= 0 ? '+' : ''}${pct(d)})`,
      `Total ${pct(diff.beforeTotal[v]!)} → ${pct(diff.afterTotal[v]!)}`,
    ];
    this.tooltip.replaceChildren(...lines.map((t, i) => el('div', { class: i === 0 ? 'tt-name' : i === 1 ? 'tt-location' : 'tt-row' }, t)));
    this.tooltip.hidden = false;
    this.tooltip.style.transform = `translate(${Math.min(e.clientX + 14, window.innerWidth - this.tooltip.offsetWidth)}px, ${e.clientY + 14}px)`;
  }
}
