/**
 * image-dimensions on routed pages: a component nothing renders by tag is laid out by the router
 * inside the app's outlets (Angular `<router-outlet>`, Vue `<router-view>`, React Router
 * `<Outlet />`), so the app shell's classes around the outlet are its ancestors for the cascade.
 */
import { png } from '../testing/image-fixtures';
import { ruleTester, type ValidCase } from '../testing/rule-tester';
import { imageDimensions } from './image-dimensions';

/** An Angular admin: the root component holds the shell, the shell's `.content-area` holds the pages. */
const angular: Record<string, string | Uint8Array> = {
  'package.json': '{ "name": "admin-ui", "private": true }',
  'angular.json': JSON.stringify({ projects: { admin: { architect: { build: { options: { styles: ['src/styles.scss'] } } } } } }),
  'src/styles.scss': `@import 'global/overrides';\n`,
  'src/global/_overrides.scss': `.content-area img,\n.modal-content img {\n  width: 100%;\n  height: 100%;\n}\n`,
  'src/index.html': `<!doctype html>\n<html><head><title>Admin</title></head><body><app-root></app-root></body></html>\n`,
  'src/app/app.component.ts': `@Component({ selector: 'app-root', templateUrl: './app.component.html' })\nexport class AppComponent {}\n`,
  'src/app/app.component.html': `<div class="progress loop" [class.visible]="loading$ | async"></div>\n<router-outlet></router-outlet>\n<app-overlay-host></app-overlay-host>\n`,
  'src/app/shell/app-shell.component.ts': `@Component({ selector: 'app-shell', templateUrl: './app-shell.component.html', styleUrls: ['./app-shell.component.scss'] })\nexport class AppShellComponent {}\n`,
  'src/app/shell/app-shell.component.scss': `.logo { max-width: 100%; }\n`,
  'src/app/shell/app-shell.component.html': `<div class="main-container">\n  <header class="header">\n    <div class="branding"><img class="logo" src="/logo-top.webp" style="max-width: 100px" alt="" /></div>\n  </header>\n  <div class="content-container">\n    <nav class="sidenav"><app-main-nav></app-main-nav></nav>\n    <div class="content-area"><router-outlet></router-outlet></div>\n  </div>\n</div>\n`,
  // A nested layout routed inside the shell: its pages are inside .content-area too.
  'src/app/shared/page/page.component.ts': `@Component({ selector: 'app-page', templateUrl: './page.component.html' })\nexport class PageComponent {}\n`,
  'src/app/shared/page/page.component.html': `<app-page-header><app-page-title></app-page-title></app-page-header>\n<app-page-body>\n  <router-outlet />\n</app-page-body>\n`,
  // A test host with an outlet is no page of the app.
  'src/app/shared/page/page.component.spec.ts': `@Component({ template: '<div class="test-host"><router-outlet></router-outlet></div>' })\nclass TestHostComponent {}\n`,
  'src/app/catalog/product-list/product-list.component.ts': `@Component({ selector: 'app-product-list', templateUrl: './product-list.component.html' })\nexport class ProductListComponent {}\n`,
  'src/app/catalog/asset-preview/asset-preview.component.ts': `@Component({ selector: 'app-asset-preview', templateUrl: './asset-preview.component.html' })\nexport class AssetPreviewComponent {}\n`,
  'src/app/catalog/product-detail/product-detail.component.ts': `@Component({ selector: 'app-product-detail', templateUrl: './product-detail.component.html' })\nexport class ProductDetailComponent {}\n`,
  'src/app/catalog/product-detail/product-detail.component.html': `<div class="detail">\n  <app-asset-preview [asset]="product.featuredAsset"></app-asset-preview>\n</div>\n`,
};

/** A Vue app: App.vue's `<router-view>` holds the layouts, DefaultLayout's `.page-body` holds the pages. */
const vue: Record<string, string | Uint8Array> = {
  'package.json': '{ "name": "dash", "private": true }',
  'public/logo.png': png(120, 40),
  'src/main.ts': `import { createApp } from 'vue';\nimport App from './App.vue';\nimport './styles/main.scss';\ncreateApp(App).mount('#app');\n`,
  'src/styles/main.scss': `.page-body .cover img { width: 100%; height: 240px; object-fit: cover; }\n`,
  'src/App.vue': `<template>\n  <router-view />\n</template>\n`,
  'src/layouts/DefaultLayout.vue': `<template>\n  <div class="layout">\n    <main class="page-body"><RouterView /></main>\n  </div>\n</template>\n`,
};

/** A React Router app: every route element renders in the layout's `<Outlet />`. */
const react: Record<string, string | Uint8Array> = {
  'package.json': '{ "name": "store", "private": true }',
  'src/main.tsx': `import { createRoot } from 'react-dom/client';\nimport './index.css';\nimport { router } from './router';\ncreateRoot(document.getElementById('root')!).render(<RouterProvider router={router} />);\n`,
  'src/index.css': `.shell-main img { width: 100%; height: 100%; }\n.auth-card img { max-width: 100%; }\n`,
  'src/layouts/Shell.tsx': `import { Outlet } from 'react-router-dom';\nexport default function Shell() {\n  return <div className="shell"><main className="shell-main"><Outlet /></main></div>;\n}\n`,
};

const v = (name: string, code: string, filename: string, files: Record<string, string | Uint8Array>): ValidCase => ({ name, code, filename, files });

ruleTester(imageDimensions, {
  valid: [
    v(
      "Angular: a routed page inside the shell's .content-area, sized by the global `.content-area img`",
      `<table class="data-table">\n  <tr *ngFor="let p of products">\n    <td><img [src]="p.featuredAsset | assetPreview: 'tiny'" /></td>\n  </tr>\n</table>\n`,
      'src/app/catalog/product-list/product-list.component.html',
      angular,
    ),
    v(
      'Angular: a component rendered by tag in a routed page, which is in .content-area',
      `<div class="featured-asset">\n  <img [src]="asset | assetPreview: 'small'" />\n</div>\n`,
      'src/app/catalog/asset-preview/asset-preview.component.html',
      angular,
    ),
    v(
      "Vue: a page routed into the layout's .page-body, sized by `.page-body .cover img`",
      `<template>\n  <article>\n    <div class="cover"><img :src="post.cover" alt="" /></div>\n    <h1>{{ post.title }}</h1>\n  </article>\n</template>\n`,
      'src/views/PostView.vue',
      vue,
    ),
    v(
      "React Router: a route element rendered in the Shell's <Outlet /> inside .shell-main",
      `export default function Gallery({ photos }: { photos: { url: string }[] }) {\n  return <section>{photos.map((p) => <img key={p.url} src={p.url} alt="" />)}</section>;\n}\n`,
      'src/routes/Gallery.tsx',
      react,
    ),
  ],
  invalid: [
    {
      name: "Angular: the shell's own logo is outside .content-area: a layout is not inside its own outlet",
      filename: 'src/app/shell/app-shell.component.html',
      files: angular,
      code: angular['src/app/shell/app-shell.component.html'] as string,
      errors: [{ line: 3, column: 27, message: /has no `width` and `height`/ }],
    },
    {
      name: 'Angular: a rule for another class around the outlet does not size a routed page',
      filename: 'src/app/catalog/product-list/product-list.component.html',
      files: { ...angular, 'src/global/_overrides.scss': `.sidenav img { width: 24px; height: 24px; }\n` },
      code: `<div class="list"><img [src]="p.featuredAsset | assetPreview: 'tiny'" /></div>\n`,
      errors: [{ line: 1, column: 19 }],
    },
    {
      name: 'Vue: an image outside the `.cover` the rule names is not sized by it',
      filename: 'src/views/PostView.vue',
      files: vue,
      code: `<template>\n  <article>\n    <img :src="post.author.avatar" alt="" />\n  </article>\n</template>\n`,
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'React Router: a page that two layouts render is sized only if sized in both (AuthLayout sets max-width only)',
      filename: 'src/routes/Welcome.tsx',
      files: { ...react, 'src/layouts/AuthLayout.tsx': `import { Outlet } from 'react-router-dom';\nexport default function AuthLayout() {\n  return <div className="auth-card"><Outlet /></div>;\n}\n` },
      code: `export default function Welcome({ hero }: { hero: string }) {\n  return <img src={hero} alt="" />;\n}\n`,
      errors: [{ line: 2, column: 10 }],
    },
  ],
});
