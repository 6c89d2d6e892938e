/**
 * The function table: self and total time per function, sortable by any column, filtered by
 * the search box, and in sync with the graph (selecting a row marks the function's frames).
 */
import type { FrameStats } from '../../shared/profile/frame-stats';
import { displayName, type ProfileModel } from '../../shared/profile/model';
import { el } from './dom';
import { formatLocation, formatPercent, formatValue } from './format';
import { formatOrigin } from './origins';
import type { OriginalPosition } from '../../shared/profile/messages';

type Column = 'self' | 'total' | 'name' | 'file';
const maxRows = 500;

export class FunctionTable {
  readonly root: HTMLElement;
  private sortBy: Column = 'self';
  private descending = true;
  private filter: Uint8Array | null = null;
  selectedFrame = -1;
  private readonly body: HTMLTableSectionElement;
  private readonly headers = new Map<Column, HTMLElement>();
  private readonly note: HTMLElement;
  private origins = new Map<number, OriginalPosition>();

  constructor(
    private readonly model: ProfileModel,
    private readonly stats: FrameStats,
    private readonly onSelect: (frame: number) => void,
  ) {
    const head = el('tr');
    const columns: Array<[Column, string]> = [
      ['self', 'Self'],
      ['total', 'Total'],
      ['name', 'Function'],
      ['file', 'File'],
    ];
    for (const [key, label] of columns) {
      const button = el('button', { type: 'button', 'data-sort': key }, label);
      button.addEventListener('click', () => this.sort(key));
      const th = el('th', { scope: 'col' }, button);
      this.headers.set(key, th);
      head.append(th);
    }
    this.body = el('tbody');
    this.note = el('p', { class: 'table-note' });
    this.root = el('div', { class: 'table-wrap' }, el('table', { class: 'functions' }, el('thead', {}, head), this.body), this.note);
    this.render();
  }

  sort(key: Column): void {
    if (this.sortBy === key) this.descending = !this.descending;
    else {
      this.sortBy = key;
      this.descending = key === 'self' || key === 'total';
    }
    this.render();
  }

  /** Shows the original source of frames that have one (the generated position as the cell's title). */
  setOrigins(origins: Map<number, OriginalPosition>): void {
    this.origins = origins;
    this.render();
  }

  setFilter(frames: Uint8Array | null): void {
    this.filter = frames;
    this.render();
  }

  select(frame: number): void {
    this.selectedFrame = frame;
    for (const row of this.body.rows) {
      const on = Number(row.dataset.frame) === frame;
      row.classList.toggle('selected', on);
      row.setAttribute('aria-selected', String(on));
      if (on) row.scrollIntoView({ block: 'nearest' });
    }
  }

  private render(): void {
    const { model, stats } = this;
    const { frames } = model;
    const rows: number[] = [];
    for (let f = 0; f < frames.name.length; f++) {
      if (!(stats.total[f]! > 0) && !(stats.self[f]! > 0)) continue;
      if (this.filter && !this.filter[f]) continue;
      rows.push(f);
    }
    const dir = this.descending ? -1 : 1;
    const generated = (f: number) => formatLocation(frames.url[f]!, frames.line[f]!, frames.column[f]!);
    const file = (f: number) => {
      const origin = this.origins.get(f);
      return origin ? formatOrigin(origin) : generated(f);
    };
    const key: Record<Column, (a: number, b: number) => number> = {
      self: (a, b) => stats.self[a]! - stats.self[b]!,
      total: (a, b) => stats.total[a]! - stats.total[b]!,
      name: (a, b) => displayName(frames.name[a]!).localeCompare(displayName(frames.name[b]!)),
      file: (a, b) => file(a).localeCompare(file(b)),
    };
    rows.sort((a, b) => dir * key[this.sortBy](a, b) || stats.total[b]! - stats.total[a]!);
    for (const [k, th] of this.headers) th.setAttribute('aria-sort', k === this.sortBy ? (this.descending ? 'descending' : 'ascending') : 'none');
    const whole = model.duration;
    const fragment = document.createDocumentFragment();
    for (const f of rows.slice(0, maxRows)) {
      const tr = el(
        'tr',
        { 'data-frame': String(f), tabindex: '-1' },
        el('td', { class: 'num' }, `${formatValue(stats.self[f]!, model.unit)} · ${formatPercent(stats.self[f]!, whole)}`),
        el('td', { class: 'num' }, `${formatValue(stats.total[f]!, model.unit)} · ${formatPercent(stats.total[f]!, whole)}`),
        el('td', { class: 'name' }, displayName(frames.name[f]!)),
        el('td', { class: 'file', ...(this.origins.has(f) ? { title: `${generated(f)} (generated)` } : {}) }, file(f)),
      );
      if (f === this.selectedFrame) tr.classList.add('selected');
      tr.addEventListener('click', () => {
        this.select(f);
        this.onSelect(f);
      });
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
    this.note.textContent = rows.length > maxRows ? `Showing ${maxRows} of ${rows.length} functions; search to narrow.` : `${rows.length} functions`;
  }
}
