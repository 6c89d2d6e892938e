/**
 * Colours come from VS Code's theme variables (light, dark, high contrast); VS Code sets them on
 * the webview's root element and changes them when the theme changes. Each category has four
 * shades so neighbouring frames stay distinguishable; label colour is chosen for contrast.
 */
import { Category } from '../../shared/profile/model';

export interface Palette {
  /** `fill[category * 4 + shade]`. */
  fill: string[];
  text: string[];
  background: string;
  foreground: string;
  selection: string;
  match: string;
  border: string | null;
  font: string;
}

const categoryVars: Record<Category, [string, string]> = {
  [Category.User]: ['--vscode-charts-blue', '#3794ff'],
  [Category.Library]: ['--vscode-charts-purple', '#b180d7'],
  [Category.Runtime]: ['--vscode-charts-green', '#89d185'],
  [Category.System]: ['--vscode-charts-orange', '#d18616'],
};

export function readPalette(root: HTMLElement = document.documentElement): Palette {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const background = v('--vscode-editor-background', '#1e1e1e');
  const foreground = v('--vscode-editor-foreground', '#cccccc');
  const bg = parseColor(background) ?? [30, 30, 30];
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const fill: string[] = [];
  const text: string[] = [];
  for (const cat of [Category.User, Category.Library, Category.Runtime, Category.System]) {
    const [name, fallback] = categoryVars[cat];
    const base = parseColor(v(name, fallback)) ?? parseColor(fallback)!;
    for (const alpha of [0.9, 0.78, 0.66, 0.56]) {
      const rgb = highContrast ? base : blend(base, bg, alpha);
      fill.push(`rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`);
      text.push(luminance(rgb) > 0.4 ? '#000000' : '#ffffff');
    }
  }
  const border = v('--vscode-contrastBorder', '');
  return {
    fill,
    text,
    background,
    foreground,
    selection: v('--vscode-focusBorder', '#007fd4'),
    match: v('--vscode-editor-findMatchBorder', v('--vscode-focusBorder', '#e0a000')),
    border: border === '' ? null : border,
    font: `12px ${v('--vscode-font-family', 'system-ui, sans-serif')}`,
  };
}

type Rgb = [number, number, number];

/** Parses `#rgb`, `#rrggbb(aa)` and `rgb()/rgba()`; alpha is ignored. */
export function parseColor(css: string): Rgb | null {
  const s = css.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(s);
  if (m) {
    const h = m[1]!;
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i]! + h[i]!, 16)) as Rgb;
    if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
    return null;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function blend(fg: Rgb, bg: Rgb, alpha: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(fg[i]! * alpha + bg[i]! * (1 - alpha))) as Rgb;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A stable shade (0–3) per frame name, so the same function keeps its colour everywhere. */
export function shadeOf(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return (h >>> 0) % 4;
}
