/**
 * The flame-graph page: toolbar (views, search, reset), breadcrumbs, the canvas view, the
 * chart's overview, the sandwich panes, the function table and the tooltip.
 */
import { frameStats, type FrameStats } from '../../shared/profile/frame-stats';
import { flameChartLayout, flameGraphLayout, hitTest, type Layout } from '../../shared/profile/layout';
import { categoryNames, displayName, type ProfileModel } from '../../shared/profile/model';
import { callersOf, calleesOf, type SmallTree } from '../../shared/profile/sandwich';
import { searchFrames } from '../../shared/profile/search';
import { el, setText } from './dom';
import { FlameView, rowHeight, type Hit } from './flame-view';
import { formatCount, formatLocation, formatPercent, formatValue } from './format';
import { Minimap } from './minimap';
import { formatOrigin } from './origins';
import type { OriginalPosition } from '../../shared/profile/messages';
import { FunctionTable } from './table';
import { readPalette } from './theme';

type ViewKind = 'graph' | 'chart' | 'sandwich';

export interface AppHost {
  openSource(frame: number): void;
}

export class App {
  private view: ViewKind = 'graph';
  private readonly layouts: Partial<Record<'graph' | 'chart', Layout>> = {};
  private readonly main: FlameView;
  private readonly minimap: Minimap;
  private readonly tooltip = el('div', { id: 'tooltip', role: 'tooltip', hidden: '' });
  private readonly crumbs = el('nav', { id: 'breadcrumbs', 'aria-label': 'Ancestors of the zoomed frame' });
  private readonly searchResult = el('span', { id: 'search-result', 'aria-live': 'polite' });
  private readonly sandwichPane = el('div', { id: 'sandwich', hidden: '' });
  private readonly graphPane = el('div', { id: 'graph' });
  /** Built after the first paint: the graph is what the user waits for. */
  private table: FunctionTable | null = null;
  private readonly tableSection = el('section', { id: 'table', 'aria-label': 'Functions' });
  private searchFilter: Uint8Array | null = null;
  private statsCache: FrameStats | null = null;
  /** Resolves when every part of the page (the table too) is built. */
  readonly complete: Promise<void>;
  private readonly tabs = new Map<ViewKind, HTMLButtonElement>();
  private sandwich: { frame: number; callers: FlameView; callees: FlameView } | null = null;
  private selectedFrame = -1;
  private zoomPath: Array<{ row: number; x: number; node: number }> = [];
  /** The flame chart's layout while the parse worker makes it. */
  private chartPending: Promise<Layout | null> | null = null;
  /** The frame the tooltip shows (C copies its full name), -1 when hidden. */
  private tooltipFrame = -1;
  /** Frames renamed through source maps, with the name the profile gave them. */
  private readonly profiledNames = new Map<number, string>();
  /** Original source positions by frame, once the extension has mapped them. */
  private origins = new Map<number, OriginalPosition>();

  constructor(
    root: HTMLElement,
    private readonly model: ProfileModel,
    private readonly host: AppHost,
    /** Computed off the page's thread by the parse worker. */
    prepared: { layout?: Layout; stats?: FrameStats; chart?: Promise<Layout | null> } = {},
  ) {
    const palette = readPalette();
    const toolbar = el('header', { class: 'toolbar' });
    const tablist = el('div', { role: 'tablist', 'aria-label': 'View' });
    for (const [kind, label] of [
      ['graph', 'Flame graph'],
      ['chart', 'Flame chart'],
      ['sandwich', 'Sandwich'],
    ] as const) {
      const b = el('button', { type: 'button', role: 'tab', id: `tab-${kind}`, 'aria-selected': String(kind === this.view) }, label);
      b.addEventListener('click', () => this.show(kind));
      this.tabs.set(kind, b);
      tablist.append(b);
    }
    const search = el('input', { id: 'search', type: 'search', placeholder: 'Search functions and files', 'aria-label': 'Search functions and files' });
    let timer = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => this.search(search.value), 80);
    });
    const reset = el('button', { type: 'button', id: 'reset', title: 'Reset zoom (0 or Escape)' }, 'Reset');
    reset.addEventListener('click', () => {
      this.current().reset();
      this.setZoomPath(null);
    });
    const summary = el('span', { id: 'summary' }, this.summary());
    toolbar.append(tablist, search, this.searchResult, reset, summary);
    const legend = el('div', { class: 'legend' });
    categoryNames.forEach((name, cat) => legend.append(el('span', { class: `swatch cat-${cat}` }), name));
    window.addEventListener('keydown', (e) => {
      if ((e.key === 'f' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && document.activeElement !== search)) {
        e.preventDefault();
        search.focus();
        search.select();
      } else if (e.key === 'c' && !e.ctrlKey && !e.metaKey && !e.altKey && document.activeElement !== search && this.tooltipFrame >= 0) {
        e.preventDefault();
        this.copyName(this.tooltipFrame);
      }
    });

    this.statsCache = prepared.stats ?? null;
    this.chartPending = prepared.chart ?? null;
    void this.chartPending?.then((layout) => {
      this.chartPending = null;
      if (layout) this.layouts.chart ??= layout;
      if (this.view === 'chart') this.show('chart');
    });
    this.layouts.graph = prepared.layout ?? flameGraphLayout(model.tree, model.frames.name);
    const mapHost = el('div', { id: 'minimap', hidden: '' });
    this.main = new FlameView(this.graphPane, model.frames, palette, this.layouts.graph, model.tree.frame, {
      hover: (hit, e) => this.showTooltip(hit, e, this.main, model.tree),
      select: (hit) => this.selectFrame(model.tree.frame[hit.node]!, 'graph'),
      zoom: (hit) => this.setZoomPath(hit),
      viewChanged: () => this.minimap?.draw(),
    }, 'Flame graph of the profile');
    this.minimap = new Minimap(mapHost, this.main, palette);
    const views = el('main', { id: 'views' }, mapHost, this.graphPane, this.sandwichPane);
    root.replaceChildren(toolbar, this.crumbs, views, this.tableSection, legend, this.tooltip);
    if (model.warnings.length > 0) root.prepend(el('div', { class: 'warnings', role: 'status' }, model.warnings.join(' ')));

    new ResizeObserver(() => this.resize()).observe(views);
    // VS Code swaps the theme's variables in place; redraw with the new colours.
    new MutationObserver(() => this.themeChanged()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.resize();
    this.setZoomPath(null);
    this.complete = new Promise((resolve) =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          this.table = new FunctionTable(model, this.stats, (f) => this.selectFrame(f, 'table'));
          if (this.origins.size > 0) this.table.setOrigins(this.origins);
          if (this.searchFilter) this.table.setFilter(this.searchFilter);
          if (this.selectedFrame >= 0) this.table.select(this.selectedFrame);
          this.tableSection.append(this.table.root);
          resolve();
        }, 0),
      ),
    );
  }

  setOrigins(origins: Map<number, OriginalPosition>): void {
    this.origins = origins;
    // A minified bundle's frames take their original names (labels, table, search); the
    // tooltip still says what the bundle called them.
    const names = this.model.frames.name;
    let renamed = false;
    for (const [f, origin] of origins) {
      if (origin.name && origin.name !== names[f]) {
        if (!this.profiledNames.has(f)) this.profiledNames.set(f, names[f]!);
        names[f] = origin.name;
        renamed = true;
      }
    }
    if (renamed) this.main.namesChanged();
    this.table?.setOrigins(origins);
  }

  /** Self and total time per function (computed once, on first use). */
  get stats(): FrameStats {
    return (this.statsCache ??= frameStats(this.model.tree, this.model.frames.name.length));
  }

  private current(): FlameView {
    return this.main;
  }

  private summary(): string {
    const m = this.model;
    const time = m.unit === 'us' ? `${formatValue(m.duration, m.unit)} · ` : '';
    return `${time}${formatCount(m.sampleCount)} samples · ${formatCount(m.tree.frame.length)} nodes`;
  }

  show(kind: ViewKind): void {
    this.view = kind;
    for (const [k, b] of this.tabs) b.setAttribute('aria-selected', String(k === kind));
    this.graphPane.hidden = kind === 'sandwich';
    this.sandwichPane.hidden = kind !== 'sandwich';
    this.minimap.host.hidden = kind !== 'chart' || (!this.layouts.chart && this.chartPending !== null);
    if (kind === 'sandwich') {
      this.renderSandwich();
    } else if (kind === 'chart' && !this.layouts.chart && this.chartPending) {
      // Shown when the worker's layout arrives; the page stays responsive meanwhile.
      this.crumbs.replaceChildren(el('span', { class: 'hint', role: 'status' }, 'Laying out the flame chart…'));
    } else {
      const layout = (this.layouts[kind] ??= kind === 'graph' ? flameGraphLayout(this.model.tree, this.model.frames.name) : flameChartLayout(this.model.tree, this.model.timeline, this.model.timeline.start[0]! + this.model.duration));
      this.main.setLayout(layout, this.model.tree.frame);
      this.main.canvas.setAttribute('aria-label', kind === 'graph' ? 'Flame graph of the profile' : 'Flame chart of the profile (time order)');
      this.minimap.setLayout(layout);
      this.setZoomPath(null);
    }
    this.resize();
  }

  private resize(): void {
    this.main.resize();
    this.minimap.resize();
    if (this.sandwich) {
      this.sandwich.callers.resize();
      this.sandwich.callees.resize();
    }
  }

  private themeChanged(): void {
    const palette = readPalette();
    this.main.setPalette(palette);
    this.minimap.setPalette(palette);
    this.sandwich?.callers.setPalette(palette);
    this.sandwich?.callees.setPalette(palette);
  }

  private search(query: string): void {
    const { model } = this;
    if (query.trim() === '') {
      this.main.matches = null;
      setText(this.searchResult, '');
      this.searchFilter = null;
      this.table?.setFilter(null);
    } else {
      const result = searchFrames(model.frames, model.tree, query);
      this.main.matches = result.frames;
      setText(
        this.searchResult,
        result.frameCount === 0
          ? 'No match'
          : `${result.frameCount} function${result.frameCount === 1 ? '' : 's'} · ${formatValue(result.total, model.unit)} (${formatPercent(result.total, model.duration)})`,
      );
      this.searchFilter = result.frames;
      this.table?.setFilter(result.frames);
    }
    this.main.requestDraw();
  }

  selectFrame(frame: number, from: 'graph' | 'table' | 'sandwich'): void {
    this.selectedFrame = frame;
    this.main.markedFrame = from === 'table' ? frame : -1;
    this.main.requestDraw();
    if (from !== 'table') this.table?.select(frame);
    if (from !== 'table' && this.model.frames.url[frame] !== '') this.host.openSource(frame);
    if (this.view === 'sandwich' && from !== 'sandwich') this.renderSandwich();
  }

  private setZoomPath(hit: Hit | null): void {
    this.zoomPath = [];
    if (hit) {
      const parent = this.model.tree.parent;
      const mid = (hit.x0 + hit.x1) / 2;
      for (let v = hit.node, row = hit.row; v !== -1; v = parent[v]!, row--) this.zoomPath.unshift({ row, x: mid, node: v });
    }
    const items: HTMLElement[] = [];
    this.zoomPath.forEach((step, i) => {
      const name = displayName(this.model.frames.name[this.model.tree.frame[step.node]!]!);
      const b = el('button', { type: 'button', class: 'crumb', ...(i === this.zoomPath.length - 1 ? { 'aria-current': 'true' } : {}) }, name);
      b.addEventListener('click', () => {
        const row = this.main.domain.rows[step.row];
        const k = hitTest(row, step.x);
        if (row && k >= 0) {
          this.main.zoomTo(row.x0[k]!, row.x1[k]!, step.row);
          this.setZoomPath({ row: step.row, index: k, node: row.node[k]!, x0: row.x0[k]!, x1: row.x1[k]! });
        }
      });
      items.push(b);
    });
    if (items.length === 0) items.push(el('span', { class: 'hint' }, 'Double-click a frame to zoom · wheel zooms · drag pans · 0 resets · click opens the source'));
    this.crumbs.replaceChildren(...items);
  }

  private renderSandwich(): void {
    const { model } = this;
    let frame = this.selectedFrame;
    if (frame < 0) {
      // Nothing selected yet: start with the function with the most self time.
      const stats = this.stats;
      frame = stats.self.indexOf(Math.max(...stats.self));
      this.selectedFrame = frame;
    }
    if (this.sandwich?.frame === frame) return;
    const callers = callersOf(model.tree, frame);
    const callees = calleesOf(model.tree, frame);
    const title = (text: string) => el('h2', {}, text);
    const name = displayName(model.frames.name[frame]!);
    const top = el('div', { class: 'pane' });
    const bottom = el('div', { class: 'pane' });
    this.sandwichPane.replaceChildren(title(`Callers of ${name} (callers below it)`), top, title(`Callees of ${name}`), bottom);
    const palette = readPalette();
    const make = (host: HTMLElement, tree: SmallTree, label: string) => {
      const view = new FlameView(host, model.frames, palette, flameGraphLayout(tree, model.frames.name), tree.frame, {
        hover: (hit, e) => this.showTooltip(hit, e, view, tree),
        select: (hit) => this.selectFrame(tree.frame[hit.node]!, 'sandwich'),
        zoom: () => undefined,
        viewChanged: () => undefined,
      }, label);
      return view;
    };
    this.sandwich = { frame, callers: make(top, callers, `Callers of ${name}`), callees: make(bottom, callees, `Callees of ${name}`) };
    requestAnimationFrame(() => this.resize());
  }

  private showTooltip(hit: Hit | null, e: MouseEvent | null, view: FlameView, tree: Pick<SmallTree, 'frame' | 'self' | 'total' | 'totalSamples'>): void {
    if (!hit || !e) {
      this.tooltip.hidden = true;
      this.tooltipFrame = -1;
      return;
    }
    const { model } = this;
    const f = tree.frame[hit.node]!;
    this.tooltipFrame = f;
    const location = formatLocation(model.frames.url[f]!, model.frames.line[f]!, model.frames.column[f]!);
    const name = displayName(model.frames.name[f]!);
    const lines: Array<[string, string]> = [
      ['', capped(name)],
      ['', capped(location || '(no source location)')],
      ['Self', `${formatValue(tree.self[hit.node]!, model.unit)} (${formatPercent(tree.self[hit.node]!, model.duration)})`],
      ['Total', `${formatValue(tree.total[hit.node]!, model.unit)} (${formatPercent(tree.total[hit.node]!, model.duration)} of profile)`],
      ['Samples', formatCount(tree.totalSamples[hit.node]!)],
      ['Category', categoryNames[model.frames.category[f]!] ?? ''],
    ];
    if (this.view === 'chart' && view === this.main) lines.push(['This span', formatValue(hit.x1 - hit.x0, model.unit)]);
    const origin = this.origins.get(f);
    const rows = lines.map(([k, v], i) =>
      el('div', { class: i === 0 ? 'tt-name' : i === 1 ? 'tt-location' : 'tt-row' }, ...(k ? [el('span', { class: 'tt-key' }, k), ' '] : []), v),
    );
    // Both positions: the one the profile recorded (generated code) and its original source.
    const profiled = this.profiledNames.get(f);
    if (origin) rows.splice(2, 0, el('div', { class: 'tt-origin' }, `↳ ${formatOrigin(origin)} (source map${profiled !== undefined ? `; ${capped(displayName(profiled))} in the bundle` : ''})`));
    // A generated or minified name can be 100,000 characters: the tooltip shows its start.
    if (name.length > maxShownChars) rows.splice(1, 0, el('div', { class: 'tt-hint' }, `${formatCount(name.length)} characters; C copies the full name`));
    this.tooltip.replaceChildren(...rows);
    this.tooltip.hidden = false;
    const pad = 14;
    const w = this.tooltip.offsetWidth;
    const h = this.tooltip.offsetHeight;
    const x = e.clientX + pad + w > window.innerWidth ? Math.max(0, e.clientX - pad - w) : e.clientX + pad;
    const y = e.clientY + pad + h > window.innerHeight ? Math.max(0, e.clientY - pad - h) : e.clientY + pad;
    this.tooltip.style.transform = `translate(${x}px, ${y}px)`;
  }

  /** The frame's full name onto the clipboard (the tooltip shows a long one cut). */
  private copyName(frame: number): void {
    const name = this.model.frames.name[frame] ?? '';
    const said = (text: string) => {
      const hint = this.tooltip.querySelector('.tt-hint') ?? this.tooltip.appendChild(el('div', { class: 'tt-hint' }));
      setText(hint as HTMLElement, text);
    };
    const fallback = () => {
      // Hosts without the async clipboard: a selected text area and the copy command.
      const area = el('textarea', { 'aria-hidden': 'true', class: 'offscreen' }) as HTMLTextAreaElement;
      area.value = name;
      document.body.append(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      said(ok ? `Copied the name (${formatCount(name.length)} characters)` : 'The name could not be copied here');
    };
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(name).then(() => said(`Copied the name (${formatCount(name.length)} characters)`), fallback);
    } else fallback();
  }
}

/** The most of a name or location the tooltip shows. */
const maxShownChars = 300;

function capped(text: string): string {
  return text.length > maxShownChars ? `${text.slice(0, maxShownChars)}…` : text;
}

export { rowHeight };
