/**
 * The runtimes of UI frameworks: the platform an app is built on, not a dependency it could trim
 * or load later. Every page of a React app needs react-dom, every Angular app @angular/core;
 * heavy-import does not hold them to the size budget (docs/rules/heavy-import.md lists them).
 *
 * A package name covers its subpaths (`react-dom/client`, `next/navigation`), except the
 * server-side renderers listed apart: `react-dom/server` in browser code is a real cost.
 */
import { packageNameOf } from '../analysis/package-imports';

export const frameworkRuntimes: readonly string[] = [
  'react',
  'react-dom',
  'preact',
  'vue',
  'svelte',
  'solid-js',
  'lit',
  'next',
  'nuxt',
  '@sveltejs/kit',
  '@remix-run/react',
  '@angular/core',
  '@angular/common',
  '@angular/router',
  '@angular/forms',
  '@angular/platform-browser',
  '@angular/platform-browser-dynamic',
  '@angular/animations',
];

/** Subpaths of a runtime that render on the server: in browser code they are a cost like any other. */
const serverRenderers = /^(react-dom\/server|vue\/server-renderer|preact-render-to-string|svelte\/server)(\/|\.|$)/;

const runtimes = new Set(frameworkRuntimes);

/** Whether an import specifier names a UI framework's own runtime. */
export function frameworkRuntime(specifier: string): boolean {
  return runtimes.has(packageNameOf(specifier)) && !serverRenderers.test(specifier);
}
