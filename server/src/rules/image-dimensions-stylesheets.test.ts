/**
 * image-dimensions with the stylesheets an app ships: which sheets are read (imported, CSS
 * modules, Vue/Svelte `<style>`, Angular `styleUrls`, the app's global entry sheets and their
 * `@import`s), how selectors are matched, and what counts as sized. Also the images that are
 * not network images or not in a page: `data:` URIs, 1×1 spacers, Vite-inlined SVGs, e-mails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStylesheet } from '../analysis/stylesheets';
import { analyzeDoc } from '../engine/analyze';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { png, svg } from '../testing/image-fixtures';
import { assertParses, ruleTester, runRule, type ValidCase } from '../testing/rule-tester';
import { imageDimensions } from './image-dimensions';

const app: Record<string, string | Uint8Array> = {
  'package.json': '{ "name": "dash", "private": true }',
  'public/logo.png': png(80, 80),
  'src/assets/spacer.gif': png(1, 1),
  'src/assets/check.svg': svg('width="16" height="16"'),
  'vite.config.ts': `import { defineConfig } from 'vite';\nexport default defineConfig({});\n`,
};

const v = (name: string, code: string, filename: string, files: Record<string, string | Uint8Array> = {}): ValidCase => ({ name, code, filename, files: { ...app, ...files } });

/** The fixed JSX still parses and the image got both attributes. */
const jsxFixed = (output: string, filename: string) => {
  assertParses(output, filename);
  assert.match(output, /<img[^>]*\bwidth=\{80\}[^>]*\bheight=\{80\}/);
};

ruleTester(imageDimensions, {
  valid: [
    // ---- a global LESS sheet imported by the app entry (redash's base.less) ----
    v(
      'a global LESS class imported by the entry: .profile__image_thumb { width: 20px; height: 20px }',
      `import React from 'react';\nexport const Owner = ({ user }) => <img className="profile__image_thumb" src={user.profile_image_url} alt={user.name} />;`,
      'src/components/Owner.jsx',
      {
        'src/index.jsx': `import './assets/less/main.less';\nimport App from './App';\n`,
        'src/assets/less/main.less': `@import 'inc/base';\n`,
        'src/assets/less/inc/base.less': `@iconSize: 20px;\n// thumbnails next to names\n.profile__image_thumb {\n  border-radius: 100%;\n  width: @iconSize;\n  height: @iconSize;\n}\n`,
      },
    ),
    v(
      "a global sheet named in webpack's entry (read as text, never run)",
      `export const Thumb = ({ u }) => <img className="profile__image_thumb" src={u.image} alt="" />;`,
      'client/app/components/Thumb.jsx',
      {
        'webpack.config.js': `module.exports = {\n  entry: {\n    app: ['./client/app/index.js', './client/app/assets/less/main.less'],\n  },\n};\n`,
        'client/app/index.js': `import './config';\n`,
        'client/app/assets/less/main.less': `.profile__image_thumb { width: 20px; height: 20px; }\n`,
      },
    ),
    // ---- the enclosing element's class comes from a props object spread into it (redash's CardsList) ----
    v(
      'a props object with className and children spread into <Link>: .visual-card img',
      `import React from 'react';\nimport Link from '@/components/Link';\nimport PlainButton from '@/components/PlainButton';\nimport './CardsList.less';\n\nfunction ListItem({ item, keySuffix }) {\n  const commonProps = {\n    key: \`card\${keySuffix}\`,\n    className: 'visual-card',\n    onClick: item.onClick,\n    children: (\n      <>\n        <img alt={item.title} src={item.imgSrc} />\n        <h3>{item.title}</h3>\n      </>\n    ),\n  };\n  return item.href ? <Link href={item.href} {...commonProps} /> : <PlainButton type="link" {...commonProps} />;\n}\nexport default ListItem;\n`,
      'src/components/cards-list/CardsList.jsx',
      { 'src/components/cards-list/CardsList.less': `.visual-card {\n  display: flex;\n  img {\n    width: 64px !important;\n    height: 64px !important;\n  }\n}\n` },
    ),
    // ---- the component's imported stylesheet with a descendant selector, nested in LESS ----
    v(
      'a descendant selector of the imported sheet: .mobile-navbar-logo img',
      `import './MobileNavbar.less';\nexport default function MobileNavbar() {\n  return (\n    <div className="mobile-navbar">\n      <div className="mobile-navbar-logo">\n        <Link href="./">\n          <img src={logoUrl} alt="Redash" />\n        </Link>\n      </div>\n    </div>\n  );\n}`,
      'src/components/MobileNavbar.jsx',
      { 'src/components/MobileNavbar.less': `.mobile-navbar {\n  &-logo {\n    img {\n      height: 40px;\n      width: 40px;\n    }\n  }\n}\n` },
    ),
    // ---- a CSS module ----
    v(
      'a CSS module class: styles.avatar',
      `import styles from './Avatar.module.css';\nexport const Avatar = ({ url }: { url: string }) => <img className={styles.avatar} src={url} alt="" />;`,
      'src/components/Avatar.tsx',
      { 'src/components/Avatar.module.css': `.avatar { width: 32px; height: 32px; border-radius: 50%; }\n` },
    ),
    v(
      'a CSS module class through clsx and bracket access',
      `import clsx from 'clsx';\nimport s from './Card.module.scss';\nexport const Card = ({ p, big }: any) => <img className={clsx(s['cover-img'], big && s.big)} src={p.cover} alt="" />;`,
      'src/components/Card.tsx',
      { 'src/components/Card.module.scss': `.card {\n  .cover-img { width: 100%; aspect-ratio: 16 / 9; }\n}\n.cover-img { object-fit: cover; }\n` },
    ),
    // ---- an aspect-ratio parent with the image at 100% × 100% ----
    v(
      'an aspect-ratio parent with the image at 100% x 100% (SCSS with &__)',
      `import './Gallery.scss';\nexport const Tile = ({ src }: { src: string }) => (\n  <figure className="tile">\n    <img className="tile__img" src={src} alt="" />\n  </figure>\n);`,
      'src/components/Tile.tsx',
      { 'src/components/Gallery.scss': `.tile {\n  aspect-ratio: 4 / 3;\n  &__img { width: 100%; height: 100%; object-fit: cover; }\n}\n` },
    ),
    // ---- Angular: styleUrls, :host, and the global styles of angular.json ----
    v(
      'Angular styleUrls with :host .logo',
      `<img class="logo" [class.large]="size === 'large'" [src]="src" (error)="onError()" />`,
      'src/app/entity-logo/entity-logo.component.html',
      {
        'src/app/entity-logo/entity-logo.component.ts': `@Component({\n  selector: 'gf-entity-logo',\n  templateUrl: './entity-logo.component.html',\n  styleUrls: ['./entity-logo.component.scss'],\n})\nexport class EntityLogoComponent {}\n`,
        'src/app/entity-logo/entity-logo.component.scss': `:host {\n  display: flex;\n  .logo {\n    height: 0.8rem;\n    width: 0.8rem;\n  }\n}\n`,
      },
    ),
    v(
      'Angular inline styles and [style.height.px] / [width] bindings',
      `<img class="flag" [src]="url" [width]="24" />\n<img [src]="url" [style.width.px]="w" [style.height.px]="h" />`,
      'src/app/flag/flag.component.html',
      { 'src/app/flag/flag.component.ts': "@Component({ selector: 'app-flag', templateUrl: './flag.component.html', styles: [`.flag { height: 16px; }`] })\nexport class FlagComponent {}\n" },
    ),
    v(
      'Angular global styles listed in angular.json',
      `<img class="avatar-sm" [src]="user.avatar" />`,
      'src/app/user/user.component.html',
      {
        'angular.json': JSON.stringify({ projects: { app: { architect: { build: { options: { styles: ['src/styles.scss', { input: 'src/theme.css' }] } } } } } }),
        'src/styles.scss': `@use 'partials/avatars';\n`,
        'src/partials/_avatars.scss': `.avatar-sm { width: 24px; height: 24px; }\n`,
        'src/theme.css': '',
      },
    ),
    v(
      "Angular: a component sheet @forward-s another component's SCSS (named without its extension, beside a .ts of the same name)",
      `@if (logo?.url) {\n<img class="store-image" [src]="logo.url" alt="Warehouse Photo" />\n}`,
      'src/app/inventory/warehouse-form/warehouse-form.component.html',
      {
        'src/app/inventory/warehouse-form/warehouse-form.component.ts': `@Component({\n  selector: 'ga-warehouse-form',\n  templateUrl: './warehouse-form.component.html',\n  styleUrls: ['./warehouse-form.component.scss'],\n})\nexport class WarehouseFormComponent {}\n`,
        'src/app/inventory/warehouse-form/warehouse-form.component.scss': `@forward '../merchant-form/merchant-form.component';\n\n:host .step-container { display: flex; }\n`,
        'src/app/inventory/merchant-form/merchant-form.component.ts': `@Component({ selector: 'ga-merchant-form', templateUrl: './merchant-form.component.html', styleUrls: ['./merchant-form.component.scss'] })\nexport class MerchantFormComponent {}\n`,
        'src/app/inventory/merchant-form/merchant-form.component.scss': `.store-image {\n  width: 100%;\n  height: 300px;\n}\n`,
      },
    ),
    v(
      "Angular: a bare @use resolved through angular.json's stylePreprocessorOptions.includePaths (an Nx library's shared partial)",
      `<div class="content">\n  <div class="employee-photo">\n    <img [src]="form.get('imageUrl')?.value" alt="Profile Photo" />\n  </div>\n</div>`,
      'libs/ui/src/lib/edit-profile/edit-profile.component.html',
      {
        'nx.json': '{}',
        'apps/web/project.json': JSON.stringify({ name: 'web', projectType: 'application', targets: { build: { options: { styles: ['libs/ui/styles/styles.scss'], stylePreprocessorOptions: { includePaths: ['libs/ui/styles'] } } } } }),
        'libs/ui/styles/styles.scss': `body { margin: 0; }\n`,
        'libs/ui/styles/@shared/_edit-profile-form.scss': `:host .content {\n  .employee-photo {\n    height: 200px;\n    img { width: 200px; height: 200px; object-fit: cover; }\n  }\n}\n`,
        'libs/ui/src/lib/edit-profile/edit-profile.component.ts': `@Component({ selector: 'ga-edit-profile', templateUrl: './edit-profile.component.html', styleUrls: ['./edit-profile.component.scss'] })\nexport class EditProfileComponent {}\n`,
        'libs/ui/src/lib/edit-profile/edit-profile.component.scss': `@forward '@shared/_edit-profile-form';\n`,
      },
    ),
    v(
      "Angular: :host and :host-context() in the component's own sheet match the component's element and its ancestors",
      `<div class="line-thumb">\n  <img [src]="line.featuredAsset?.preview" alt="" />\n</div>\n<img class="flag" [src]="line.flagUrl" alt="" />\n`,
      'src/app/orders/order-line/order-line.component.html',
      {
        'src/app/orders/order-line/order-line.component.ts': `@Component({ selector: 'app-order-line', templateUrl: './order-line.component.html', styleUrls: ['./order-line.component.scss'] })\nexport class OrderLineComponent {}\n`,
        'src/app/orders/order-line/order-line.component.scss': `:host-context(.compact) .line-thumb img { width: 32px; height: 32px; }\n:host .line-thumb img { width: 48px; height: 48px; }\n:host > img.flag { width: 16px; height: 12px; }\n`,
      },
    ),
    v(
      "Angular: an inline `template:` sized by the component's inline `styles`",
      "import { Component, Input } from '@angular/core';\n\n@Component({\n  selector: 'app-user-avatar',\n  template: `<div class=\"avatar\"><img [src]=\"user.avatarUrl\" [alt]=\"user.name\" /></div>`,\n  styles: [`\n    .avatar img { width: 32px; height: 32px; border-radius: 50%; }\n  `],\n})\nexport class UserAvatarComponent {\n  @Input() user!: { avatarUrl: string; name: string };\n}\n",
      'src/app/shared/user-avatar/user-avatar.component.ts',
    ),
    v(
      'Angular: a class an ancestor binds with [class.name] counts like the literals of a class expression; on the image a toggled class is a state ([class.visible] once loaded)',
      `<div class="themes">\n  @for (theme of themes; track theme) {\n  <div [class.card-container]="true" [class.selected]="theme.value === current">\n    <div class="image-container"><img [src]="theme.imageUrl" /></div>\n  </div>\n  }\n</div>\n<div class="preview"><img [src]="form.value.src" [class.visible]="previewLoaded" (load)="previewLoaded = true" /></div>\n`,
      'src/app/settings/theme-selector/theme-selector.component.html',
      {
        'src/app/settings/theme-selector/theme-selector.component.ts': `@Component({ selector: 'ga-theme-selector', templateUrl: './theme-selector.component.html', styleUrls: ['./theme-selector.component.scss'] })\nexport class ThemeSelectorComponent {}\n`,
        'src/app/settings/theme-selector/theme-selector.component.scss': `.card-container {\n  .image-container {\n    height: 100px;\n    img { position: absolute; height: 150px; }\n  }\n}\n.preview {\n  height: 150px;\n  img { display: none; &.visible { display: block; } }\n}\n`,
      },
    ),
    v(
      'Angular: ::ng-deep rules of the component sheet (at the start and after :host) are read as descendant selectors',
      `<nz-avatar class="user-avatar">\n  <img [src]="user.avatarUrl" alt="" />\n</nz-avatar>\n<div class="brand"><img class="brand-logo" src="assets/logo.png" alt="" /></div>`,
      'src/app/layout/header/header.component.html',
      {
        'src/app/layout/header/header.component.ts': `@Component({ selector: 'app-header', templateUrl: './header.component.html', styleUrls: ['./header.component.scss'] })\nexport class HeaderComponent {}\n`,
        'src/app/layout/header/header.component.scss': `:host ::ng-deep .user-avatar img {\n  width: 32px;\n  height: 32px;\n}\n::ng-deep .brand-logo { width: 120px; aspect-ratio: 4 / 1; }\n`,
      },
    ),
    v(
      'Angular: an <ng-template> is laid out where its ngTemplateOutlet renders it (.employee-photo img)',
      `<nb-card>\n  <div class="employee-photo">\n    <ng-container [ngTemplateOutlet]="imageUploaderTemplate"></ng-container>\n  </div>\n</nb-card>\n\n<ng-template #imageUploaderTemplate>\n  <ngx-image-uploader (uploadedImageAsset)="updateImageAsset($event)"></ngx-image-uploader>\n  @if (!!form) {\n    <img [src]="form.get('imageUrl').value" alt="Profile Photo" />\n  }\n</ng-template>\n`,
      'src/app/user/edit-profile-form/edit-profile-form.component.html',
      {
        'src/app/user/edit-profile-form/edit-profile-form.component.ts': `@Component({ selector: 'ga-edit-profile-form', templateUrl: './edit-profile-form.component.html', styleUrls: ['./edit-profile-form.component.scss'] })\nexport class EditProfileFormComponent {}\n`,
        'src/app/user/edit-profile-form/edit-profile-form.component.scss': `.employee-photo {\n  height: 200px;\n  img { width: 200px; height: 200px; object-fit: cover; }\n}\n`,
      },
    ),
    v(
      'SCSS: a mixin that emits nested rules, included under :host (sizes from its parameters)',
      `<div class="avatar-wrapper">\n  <div class="image-container" [class]="size">\n    <img class="rounded-circle" [src]="src" />\n  </div>\n</div>`,
      'src/app/shared/avatar/avatar.component.html',
      {
        'src/app/shared/avatar/avatar.component.ts': `@Component({ selector: 'ngx-avatar', templateUrl: './avatar.component.html', styleUrls: ['./avatar.component.scss'] })\nexport class AvatarComponent {}\n`,
        'src/app/shared/avatar/avatar.component.scss': `@mixin avatarMixin($radius: 4px, $imageSize: 48px) {\n  .image-container {\n    display: flex;\n    img {\n      width: $imageSize;\n      height: $imageSize;\n      object-fit: cover;\n    }\n  }\n}\n\n:host {\n  display: block;\n  @include avatarMixin();\n}\n`,
      },
    ),
    v(
      "SCSS: a size mixin defined in a partial the component sheet @use-s (resolved through includePaths)",
      `<img class="thumb" [src]="asset.preview" />`,
      'src/app/asset-list/asset-list.component.html',
      {
        'angular.json': JSON.stringify({ projects: { admin: { architect: { build: { options: { styles: ['src/styles/styles.scss'], stylePreprocessorOptions: { includePaths: ['src/styles'] } } } } } } }),
        'src/styles/styles.scss': `body { margin: 0; }\n`,
        'src/styles/_mixins.scss': `@mixin thumb($size) {\n  width: $size;\n  height: $size;\n  object-fit: cover;\n}\n`,
        'src/app/asset-list/asset-list.component.ts': `@Component({ selector: 'vdr-asset-list', templateUrl: './asset-list.component.html', styleUrls: ['./asset-list.component.scss'] })\nexport class AssetListComponent {}\n`,
        'src/app/asset-list/asset-list.component.scss': `@use 'mixins' as *;\n.thumb {\n  @include thumb(50px);\n}\n`,
      },
    ),
    v(
      'LESS: a mixin with rules, defined in an imported file and called inside a rule',
      `import './Card.less';\nexport const Card = ({ u }: { u: { avatar: string } }) => <div className="card"><img src={u.avatar} alt="" /></div>;`,
      'src/components/Card.tsx',
      {
        'src/components/Card.less': `@import '../styles/mixins';\n.card {\n  .card-avatar();\n}\n`,
        'src/styles/mixins.less': `.card-avatar() {\n  img { width: 32px; height: 32px; }\n}\n`,
      },
    ),
    v(
      'LESS: a mixin with nested rules called inside a rule',
      `import './Card.less';\nexport const Card = ({ u }: { u: { avatar: string } }) => <div className="card"><div className="card-head"><img src={u.avatar} alt="" /></div></div>;`,
      'src/components/Card.tsx',
      { 'src/components/Card.less': `.head-avatar(@s) {\n  .card-head img { width: @s; height: @s; }\n}\n.card {\n  .head-avatar(32px);\n}\n` },
    ),
    v(
      'width="100%" height="100%" attributes fill a fixed tile (a presentational hint, like the CSS)',
      `<a class="list-item" [routerLink]="['../', integration.redirectUrl]">\n  <img [src]="integration.fullImgUrl" width="100%" height="100%" alt="image not found" />\n</a>`,
      'src/app/integrations/integrations.component.html',
      {
        'src/app/integrations/integrations.component.ts': `@Component({ selector: 'ga-integrations', templateUrl: './integrations.component.html', styleUrls: ['./integrations.component.scss'] })\nexport class IntegrationsComponent {}\n`,
        'src/app/integrations/integrations.component.scss': `.list-item { height: 110px; width: 7.5rem; display: flex; }\nimg { width: 100%; }\n`,
      },
    ),
    v(
      'an <img> inside <object> is fallback content, shown only if the SVG object fails',
      `<div class="logo">\n  <object [data]="logoUrl" type="image/svg+xml">\n    <img src="assets/images/logos/logo.png" />\n  </object>\n</div>`,
      'src/app/theme/logo/logo.component.html',
    ),
    v(
      'a src named as a data: URI (a signature drawn on a canvas and stored as base64)',
      `import { match, P } from 'ts-pattern';\nexport const SigningCard = ({ signature }: { signature: { signatureImageAsBase64: string | null } }) =>\n  match(signature)\n    .with({ signatureImageAsBase64: P.string }, (s) => <img src={s.signatureImageAsBase64} alt="signature" className="h-full max-w-[100%]" />)\n    .otherwise(() => null);\n`,
      'packages/ui/components/signing-card.tsx',
    ),
    v(
      'a data: URI name inside a template literal',
      `export const Sig = ({ s }: { s: { qrCodeDataUrl?: string } }) => <img src={\`\${s.qrCodeDataUrl}\`} alt="" className="max-h-12" />;`,
      'src/components/Sig.tsx',
    ),
    // ---- the cascade goes on past the component's root, into the markup that renders it ----
    v(
      "React: the parent's imported sheet sizes the image through the element it renders the component in (.mobile-navbar-logo img)",
      `export default function BrandLogo() {\n  return <img src="/logo.png" alt="Flame" />;\n}\n`,
      'src/components/BrandLogo.jsx',
      {
        'src/components/Navbar.jsx': `import BrandLogo from './BrandLogo';\nimport './Navbar.css';\nexport const Navbar = () => (\n  <nav className="navbar">\n    <div className="mobile-navbar-logo">\n      <BrandLogo />\n    </div>\n  </nav>\n);\n`,
        'src/components/Navbar.css': `.mobile-navbar-logo img {\n  width: 120px;\n  height: 40px;\n}\n`,
      },
    ),
    v(
      'React: two levels up, through a named import and a CSS module of the grandparent',
      `export function Avatar({ url }) {\n  return <img src={url} alt="" />;\n}\n`,
      'src/ui/Avatar.tsx',
      {
        'src/ui/UserChip.tsx': `import { Avatar } from './Avatar';\nexport const UserChip = ({ u }) => <span className="chip"><Avatar url={u.avatar} /></span>;\n`,
        'src/pages/Members.tsx': `import styles from './Members.module.scss';\nimport { UserChip } from '../ui/UserChip';\nexport default function Members({ users }) {\n  return <ul className={styles.list}>{users.map((u) => <li key={u.id}><UserChip u={u} /></li>)}</ul>;\n}\n`,
        'src/pages/Members.module.scss': `.list {\n  img { width: 24px; height: 24px; border-radius: 50%; }\n}\n`,
      },
    ),
    v(
      "Angular: a parent component's :host ::ng-deep rule reaches the child component's image",
      `<img class="avatar" [src]="user.imageUrl" [alt]="user.name" />`,
      'src/app/shared/user-avatar/user-avatar.component.html',
      {
        'src/app/shared/user-avatar/user-avatar.component.ts': `@Component({ selector: 'app-user-avatar', templateUrl: './user-avatar.component.html', styleUrls: ['./user-avatar.component.scss'] })\nexport class UserAvatarComponent {}\n`,
        'src/app/shared/user-avatar/user-avatar.component.scss': `.avatar { border-radius: 50%; }\n`,
        'src/app/members/member-list.component.ts': `@Component({ selector: 'app-member-list', templateUrl: './member-list.component.html', styleUrls: ['./member-list.component.scss'] })\nexport class MemberListComponent {}\n`,
        'src/app/members/member-list.component.html': `<div class="avatar-cell" *ngFor="let m of members">\n  <app-user-avatar [user]="m"></app-user-avatar>\n</div>\n`,
        'src/app/members/member-list.component.scss': `:host ::ng-deep .avatar-cell img {\n  width: 32px;\n  height: 32px;\n}\n`,
      },
    ),
    v(
      "Vue: a parent's scoped :deep() rule sizes the child component's image",
      `<template>\n  <img :src="user.avatar" alt="" />\n</template>\n<script setup lang="ts">\ndefineProps<{ user: { avatar: string } }>();\n</script>\n`,
      'src/components/UserAvatar.vue',
      {
        'src/components/CommentItem.vue': `<template>\n  <div class="comment-author">\n    <user-avatar :user="comment.author" />\n  </div>\n</template>\n<script setup lang="ts">\nimport UserAvatar from './UserAvatar.vue';\ndefineProps<{ comment: any }>();\n</script>\n<style scoped>\n.comment-author :deep(img) { width: 28px; height: 28px; }\n</style>\n`,
      },
    ),
    // ---- Vue <style scoped>, <style module>, Svelte <style> with :global ----
    v(
      'Vue <style scoped lang="scss">',
      `<template>\n  <div class="mention-item">\n    <img :src="item.avatarUrl" alt="" class="mention-avatar">\n  </div>\n</template>\n\n<style lang="scss" scoped>\n.mention-item {\n  .mention-avatar {\n    inline-size: 32px;\n    block-size: 32px;\n  }\n}\n</style>\n`,
      'src/components/MentionList.vue',
    ),
    v(
      'Vue <style module> through $style',
      `<template>\n  <img :class="$style.cover" :src="cover" alt="">\n</template>\n<style module>\n.cover { width: 100%; aspect-ratio: 16 / 9; }\n</style>\n`,
      'src/components/Cover.vue',
    ),
    v(
      'Svelte <style> with :global and the component markup',
      `<script>\n  export let item;\n</script>\n<div class="picker">\n  <img class="picker-image" src={item.thumb} alt="" />\n</div>\n<style>\n  .picker :global(.picker-image) {\n    width: 100%;\n    height: 100%;\n    position: absolute;\n  }\n</style>\n`,
      'src/components/PickerItem.svelte',
    ),
    v(
      'a selector whose ancestor is in a parent component: .tiptap .mention-user > img',
      `<template>\n  <NodeViewWrapper class="mention-user">\n    <img :src="avatarUrl">\n  </NodeViewWrapper>\n</template>\n<style lang="scss">\n.tiptap .mention-user {\n  > img { inline-size: 1.5rem; block-size: 1.5rem; }\n}\n</style>\n`,
      'src/components/MentionUser.vue',
    ),
    v(
      "Tailwind @apply in the component's sheet",
      `import './Badge.css';\nexport const Badge = ({ src }: { src: string }) => <img className="badge-icon" src={src} alt="" />;`,
      'src/components/Badge.tsx',
      { 'src/components/Badge.css': `.badge-icon { @apply w-4 h-4 rounded; }\n` },
    ),
    v(
      'the global sheet of a Next.js app/layout.tsx',
      `export const Hero = ({ src }: { src: string }) => <img className="hero-img" src={src} alt="" />;`,
      'src/components/Hero.tsx',
      {
        'src/app/layout.tsx': `import './globals.css';\nexport default function RootLayout({ children }) { return <html><body>{children}</body></html>; }\n`,
        'src/app/globals.css': `.hero-img { width: 100%; height: auto; aspect-ratio: 1200 / 630; }\n`,
      },
    ),
    v(
      'a stylesheet linked from index.html',
      `export const Logo = () => <img className="brand" src="/logo.png" alt="" />;`,
      'src/components/Logo.tsx',
      { 'index.html': `<!doctype html><html><head><link rel="stylesheet" href="/src/brand.css"></head><body><script type="module" src="/src/main.tsx"></script></body></html>`, 'src/brand.css': `img.brand { width: 80px; height: 80px }` },
    ),
    v(
      'position: absolute from the stylesheet takes the image out of the flow',
      `import './Banner.css';\nexport const Banner = ({ bg }: { bg: string }) => <div className="banner"><img src={bg} alt="" /></div>;`,
      'src/components/Banner.tsx',
      { 'src/components/Banner.css': `.banner { position: relative; height: 300px; }\n.banner > img { position: absolute; inset: 0; }\n` },
    ),
    v(
      "a remote design sheet linked from SvelteKit's app.html may size classed images: not guessed",
      `<div class="article-meta">\n  <a href="/profile/@{author.username}"><img src={author.image} alt={author.username} /></a>\n</div>\n`,
      'src/lib/ArticleMeta.svelte',
      { 'src/app.html': `<html><head><link href="//fonts.googleapis.com/css?family=Titillium+Web" rel="stylesheet" /><link rel="stylesheet" href="//demo.productionready.io/main.css" />%sveltekit.head%</head><body>%sveltekit.body%</body></html>` },
    ),
    // ---- component libraries that size their children ----
    v(
      'MUI ImageList with a fixed rowHeight',
      `import { ImageList, ImageListItem } from '@mui/material';\nexport const Photos = ({ items }: any) => (\n  <ImageList cols={3} rowHeight={164}>\n    {items.map((item: any) => (\n      <ImageListItem key={item.img}>\n        <img src={item.img} alt={item.title} loading="lazy" />\n      </ImageListItem>\n    ))}\n  </ImageList>\n);`,
      'src/components/Photos.tsx',
    ),
    v(
      'shadcn/ui AspectRatio (Radix) stretches its child over a box of the given ratio',
      `import { AspectRatio } from '@/components/ui/aspect-ratio';\nexport const Cover = ({ url }: { url: string }) => (\n  <AspectRatio ratio={16 / 9} className="bg-muted">\n    <img src={url} alt="" className="rounded-md object-cover" />\n  </AspectRatio>\n);`,
      'src/components/Cover.tsx',
    ),
    v(
      'Chakra UI AspectRatio',
      `import { AspectRatio } from '@chakra-ui/react';\nexport const Map = ({ src }: { src: string }) => <AspectRatio maxW="560px" ratio={4 / 3}><img src={src} alt="map" /></AspectRatio>;`,
      'src/components/Map.tsx',
    ),
    // ---- not network images, not page images ----
    v('a data: PNG', `export const Dot = () => <img src="data:image/png;base64,iVBORw0KGgo=" alt="" />;`, 'src/components/Dot.tsx'),
    v('a 1×1 spacer file', `import spacer from '../assets/spacer.gif';\nexport const S = () => <img src={spacer} alt="" />;`, 'src/components/S.tsx'),
    v('an SVG under 4 kB that Vite inlines as a data: URI', `import check from '../assets/check.svg';\nexport const Ok = () => <img src={check} alt="" />;`, 'src/components/Ok.tsx'),
    v('an HTML e-mail template (Outlook conditional comments)', `<!DOCTYPE html>\n<html xmlns:v="urn:schemas-microsoft-com:vml">\n<body><!--[if mso]><table><tr><td><![endif]-->\n<img src="https://example.com/logo.png" alt="Logo">\n</body></html>`, 'templates/welcome.html'),
    v(
      "an HTML e-mail read by the server from a templates/ folder: Outlook's mso- properties and .ExternalClass",
      `<!doctype html>\n<html lang="en">\n<head><style>\n  .ExternalClass { width: 100%; }\n</style></head>\n<body>\n  <table role="presentation" style="border-collapse: separate; mso-table-lspace: 0pt; width: 100%">\n    <tr><td class="container" width="600">\n      <a href="https://example.com"><img style="width: 50px" src="https://example.com/logo_small.png" alt="Logo" /></a>\n    </td></tr>\n  </table>\n</body>\n</html>\n`,
      'apps/web/templates/passwordReset.html',
    ),
    v('a template in an emails/templates/ folder', `export const Footer = () => <img src="https://example.com/logo.png" alt="" />;`, 'src/emails/templates/components/Footer.tsx'),
    v('a server-side HTML template in templates/emails/', `<table><tr><td><img src="https://example.com/logo.png"></td></tr></table>`, 'app/templates/emails/invite.html'),
    v('mjml-react', `import { Mjml, MjmlBody } from '@faire/mjml-react';\nexport const Mail = () => <Mjml><MjmlBody><img src="https://example.com/x.png" /></MjmlBody></Mjml>;`, 'src/notifications/Mail.tsx'),
  ],
  invalid: [
    {
      name: 'Angular: an inline `template:` of a component (.ts) is read like its .html, and the fix writes HTML attributes into it',
      filename: 'src/app/layout/brand/brand.component.ts',
      files: app,
      code: "import { Component } from '@angular/core';\n\n@Component({\n  selector: 'app-brand',\n  standalone: true,\n  template: `\n    <a routerLink=\"/\" class=\"brand\">\n      <img src=\"/logo.png\" alt=\"Acme\" />\n    </a>\n  `,\n})\nexport class BrandComponent {}\n",
      errors: [{ line: 8, column: 7, message: /has no `width` and `height`/ }],
      output: "import { Component } from '@angular/core';\n\n@Component({\n  selector: 'app-brand',\n  standalone: true,\n  template: `\n    <a routerLink=\"/\" class=\"brand\">\n      <img src=\"/logo.png\" alt=\"Acme\" width=\"80\" height=\"80\" />\n    </a>\n  `,\n})\nexport class BrandComponent {}\n",
      checkOutput: (output: string, filename: string) => assertParses(output, filename),
    },
    {
      name: "Angular: the component's own sheet cannot reach an ancestor outside its template (emulated encapsulation marks every compound)",
      filename: 'src/app/orders/order-line/order-line.component.html',
      files: {
        ...app,
        'src/app/orders/order-line/order-line.component.ts': `@Component({ selector: 'app-order-line', templateUrl: './order-line.component.html', styleUrls: ['./order-line.component.scss'] })\nexport class OrderLineComponent {}\n`,
        // .order-table is the parent component's element: the compiled rule needs it to carry this component's attribute.
        'src/app/orders/order-line/order-line.component.scss': `.order-table .line-thumb img { width: 48px; height: 48px; }\n`,
      },
      code: `<div class="line-thumb">\n  <img [src]="line.featuredAsset?.preview" alt="" />\n</div>\n`,
      errors: [{ line: 2, column: 3 }],
    },
    {
      name: 'the sheet sets only a height: still unsized (no width, no aspect-ratio), reported as information (only a sideways shift), and the fix applies',
      filename: 'src/components/Brand.tsx',
      files: { ...app, 'src/components/Brand.css': `.desktop-navbar-logo img { height: 40px; }\n` },
      code: `import './Brand.css';\nexport const Brand = () => (\n  <div className="desktop-navbar-logo">\n    <img src="/logo.png" alt="" />\n  </div>\n);`,
      errors: [{ line: 4, column: 5, severity: 'info', message: /has a height from its style or classes but no width: only its width is unknown/ }],
      output: `import './Brand.css';\nexport const Brand = () => (\n  <div className="desktop-navbar-logo">\n    <img src="/logo.png" alt="" width={80} height={80} />\n  </div>\n);`,
      checkOutput: jsxFixed,
    },
    {
      name: 'a props object spread into an element gives its class only: another card class does not size the image',
      filename: 'src/components/Tile.tsx',
      files: { ...app, 'src/components/Tile.css': `.visual-card img { width: 64px; height: 64px; }\n` },
      code: `import './Tile.css';\nexport function Tile({ src }: { src: string }) {\n  const props = { className: 'tile-card', children: <img src={src} alt="" /> };\n  return <a href="/" {...props} />;\n}\n`,
      errors: [{ line: 3, column: 53 }],
    },
    {
      name: 'width="100%" alone, and a stylesheet height: auto over height="100%", leave the height unknown',
      filename: 'src/components/Shots.tsx',
      files: { ...app, 'src/components/Shots.css': `.shot img { height: auto; }\n` },
      code: `import './Shots.css';\nexport const Shots = ({ a, b }: { a: string; b: string }) => (\n  <div className="shot">\n    <img src={a} width="100%" alt="" />\n    <img src={b} width="100%" height="100%" alt="" />\n  </div>\n);`,
      errors: [{ line: 4, column: 5, message: /`width="100%"`, which gives it no aspect ratio/ }, { line: 5, column: 5 }],
    },
    {
      name: 'a src whose name only contains "base64" somewhere else is still fetched',
      filename: 'src/components/Thumb.tsx',
      code: `export const Thumb = ({ base64Thumb }: { base64Thumb: { url: string } }) => <img src={base64Thumb.url} alt="" />;`,
      errors: [{ line: 1, column: 77 }],
    },
    {
      name: 'React: sized where the navbar renders the logo, not where the footer does: still reported',
      filename: 'src/components/BrandLogo.jsx',
      files: {
        ...app,
        'src/components/Navbar.jsx': `import BrandLogo from './BrandLogo';\nimport './Navbar.css';\nexport const Navbar = () => <div className="mobile-navbar-logo"><BrandLogo /></div>;\n`,
        'src/components/Navbar.css': `.mobile-navbar-logo img { width: 120px; height: 40px; }\n`,
        'src/components/Footer.jsx': `import BrandLogo from './BrandLogo';\nexport const Footer = () => <footer className="footer"><BrandLogo /></footer>;\n`,
      },
      code: `export default function BrandLogo() {\n  return <img src="/logo.png" alt="Flame" />;\n}\n`,
      errors: [{ line: 2, column: 10 }],
    },
    {
      name: "Angular: a parent component's rule without ::ng-deep stays in the parent's own template (emulated encapsulation)",
      filename: 'src/app/shared/user-avatar/user-avatar.component.html',
      files: {
        ...app,
        'src/app/shared/user-avatar/user-avatar.component.ts': `@Component({ selector: 'app-user-avatar', templateUrl: './user-avatar.component.html' })\nexport class UserAvatarComponent {}\n`,
        'src/app/members/member-list.component.ts': `@Component({ selector: 'app-member-list', templateUrl: './member-list.component.html', styleUrls: ['./member-list.component.scss'] })\nexport class MemberListComponent {}\n`,
        'src/app/members/member-list.component.html': `<div class="avatar-cell">\n  <app-user-avatar [user]="m"></app-user-avatar>\n</div>\n`,
        'src/app/members/member-list.component.scss': `.avatar-cell img { width: 32px; height: 32px; }\n`,
      },
      code: `<img [src]="user.imageUrl" />`,
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'a descendant selector whose ancestor class is not on any element of the component',
      filename: 'src/components/Other.tsx',
      files: { ...app, 'src/components/Other.css': `.sidebar .thumb img { width: 20px; height: 20px; }\n` },
      code: `import './Other.css';\nexport const Other = () => <div className="card"><img src="/logo.png" alt="" /></div>;`,
      errors: [{ line: 2, column: 50 }],
    },
    {
      name: 'rules under :hover, inside a width media query, or on another class do not size the image',
      filename: 'src/components/Thumb.tsx',
      files: {
        ...app,
        'src/components/Thumb.scss': `.thumb:hover { width: 64px; height: 64px; }\n@media (max-width: 600px) { .thumb { width: 48px; height: 48px; } }\n.thumbnail { width: 10px; height: 10px; }\n.thumb::before { width: 1px; height: 1px; }\n`,
      },
      code: `import './Thumb.scss';\nexport const Thumb = () => <img className="thumb" src="/logo.png" alt="" />;`,
      errors: [{ line: 2, column: 28 }],
    },
    {
      name: 'height: auto in a later, more specific rule wins over the height set before',
      filename: 'src/components/Fluid.tsx',
      files: { ...app, 'src/components/Fluid.css': `.pic { width: 300px; height: 200px; }\n.gallery .pic { height: auto; }\n` },
      code: `import './Fluid.css';\nexport const Fluid = () => <div className="gallery"><img className="pic" src="/logo.png" alt="" /></div>;`,
      errors: [{ line: 2, column: 53 }],
    },
    {
      name: 'a CSS module class of another module, or the same name as a global class, does not match',
      filename: 'src/components/Mod.tsx',
      files: { ...app, 'src/components/a.module.css': `.icon { width: 16px; height: 16px; }\n`, 'src/components/b.module.css': `.other { color: red; }\n` },
      code: `import a from './a.module.css';\nimport b from './b.module.css';\nexport const Mod = () => <img className={b.icon} src="/logo.png" alt="" />;`,
      errors: [{ line: 3, column: 26 }],
    },
    {
      name: 'remote font and icon sheets size nothing',
      filename: 'src/lib/Author.svelte',
      files: { ...app, 'src/app.html': `<html><head><link href="https://fonts.googleapis.com/css2?family=Inter" rel="stylesheet"><link rel="stylesheet" href="//code.ionicframework.com/ionicons/2.0.1/css/ionicons.min.css">%sveltekit.head%</head><body>%sveltekit.body%</body></html>` },
      code: `<div class="author"><img src={author.image} alt="" /></div>\n`,
      errors: [{ line: 1, column: 21 }],
    },
    {
      name: 'bad input: an @import cycle and a sheet that does not parse are read without a crash',
      filename: 'src/components/Broken.tsx',
      files: { ...app, 'src/components/a.scss': `@import './b';\n.x { width: 1px; }\n`, 'src/components/_b.scss': `@import './a.scss';\n`, 'src/components/broken.css': `.pic { width: 10px; height: 10px;\n .oops { \n` },
      code: `import './a.scss';\nimport './broken.css';\nexport const B = () => <img className="pic" src="/logo.png" alt="" />;`,
      errors: [{ line: 3, column: 24 }],
    },
    {
      name: 'a webmail screen in an emails/ folder is a page',
      filename: 'src/features/emails/MessageView.tsx',
      files: app,
      code: `export const Sender = ({ m }: any) => <img src={m.avatar} alt="" />;`,
      errors: [{ line: 1, column: 39 }],
    },
    {
      name: 'an AspectRatio further up does not size an image inside a block of its own',
      filename: 'src/components/Card2.tsx',
      files: app,
      code: `import { AspectRatio } from '@chakra-ui/react';\nexport const C = ({ src }: any) => <AspectRatio ratio={1}><div><p>x</p><img src={src} alt="" /></div></AspectRatio>;`,
      errors: [{ line: 2, column: 72 }],
    },
    {
      name: 'MUI masonry ImageList: rows follow the images',
      filename: 'src/components/Masonry.tsx',
      files: app,
      code: `import { ImageList, ImageListItem } from '@mui/material';\nexport const M = ({ items }: any) => (\n  <ImageList variant="masonry" cols={3}>\n    {items.map((i: any) => <ImageListItem key={i.img}><img src={i.img} alt="" /></ImageListItem>)}\n  </ImageList>\n);`,
      errors: [{ line: 4, column: 55 }],
    },
  ],
});

describe('stylesheets', () => {
  it('resolves SCSS and LESS nesting, & suffixes and selector lists', () => {
    const sheet = parseStylesheet(`.a {\n  &__b, .c > img { width: 1px; }\n  // comment\n  .d & { height: 2px !important; }\n}\n`, 'scss');
    const texts = sheet.rules.map((r) => [r.selectors.map((s) => s.compounds.map((c) => [c.tag ?? '', ...c.classes.map((x) => '.' + x)].join('')).reverse().join(' ')), [...r.declarations.keys()]]);
    assert.deepEqual(texts, [
      [['.a__b', '.a .c img'], ['width']],
      [['.d .a'], ['height']],
    ]);
    assert.equal(sheet.rules[1]!.declarations.get('height')!.important, true);
  });

  it('size mixins: Bootstrap .size()/.square() and @include size(), and mixins the sheet defines', () => {
    const props = (text: string, syntax: 'less' | 'scss') => parseStylesheet(text, syntax).rules.map((r) => [...r.declarations.keys()].sort().join(' '));
    assert.deepEqual(props(`.thumb { .size(20px; 20px); }\n.icon { .square(16px) !important; }\n.half { .size(auto; 20px); }\n`, 'less'), ['height width', 'height width']);
    assert.equal(parseStylesheet(`.icon { .square(16px) !important; }`, 'less').rules[0]!.declarations.get('width')!.important, true);
    assert.deepEqual(props(`@mixin avatar($s) { width: $s; height: $s; border-radius: 50%; }\n.a { @include avatar(32px); }\n.b { @include size(10px); }\n.c { @include unknown(1px); }\n`, 'scss'), ['height width', 'height width']);
    assert.deepEqual(props(`.circle(@d) { width: @d; height: @d; }\n.dot { .circle(8px); }\n`, 'less'), ['height width']);
  });

  it('skips LESS mixin definitions and SCSS placeholders, and survives broken input', () => {
    assert.equal(parseStylesheet(`.size(@w) { width: @w; height: @w; }\n`, 'less').rules.length, 0);
    assert.equal(parseStylesheet(`%thumb { width: 1px; }\n`, 'scss').rules.length, 0);
    const broken = parseStylesheet(`.a { width: 1px; \n .b { `, 'css');
    assert.ok(broken.error === undefined || typeof broken.error === 'string');
  });
});

describe('stylesheet reading follows edits', () => {
  it('a sheet that does not parse is named in the explanation with the reason', () => {
    const { findings } = runRule(imageDimensions, {
      filename: 'src/components/Pic.tsx',
      files: { ...app, 'src/components/Pic.css': `.pic { width: 10px; height: 10px;\n` },
      code: `import './Pic.css';\nexport const P = () => <img className="pic" src="/logo.png" alt="" />;`,
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.explanation ?? '', /Pic\.css could not be read \(.+\), so sizes it sets are not seen/);
  });

  it('the analysis depends on the sheets it read, and an edited sheet changes the verdict', () => {
    const project = new Project(
      new MemoryFileHost({
        '/ws/package.json': '{}',
        '/ws/src/main.tsx': `import './styles/app.scss';\n`,
        '/ws/src/styles/app.scss': `@use 'avatars';\n`,
        '/ws/src/styles/_avatars.scss': `.avatar { width: 32px; }\n`,
        '/ws/src/Avatar.tsx': `export const Avatar = ({ u }: any) => <img className="avatar" src={u.url} alt="" />;\n`,
      }),
    );
    const run = () => analyzeDoc(project, project.getDoc('/ws/src/Avatar.tsx')!, { rules: [imageDimensions] });
    const first = run();
    assert.equal(first.findings.length, 1, 'width alone does not size the image');
    for (const dep of ['/ws/src/main.tsx', '/ws/src/styles/app.scss', '/ws/src/styles/_avatars.scss']) assert.ok(first.dependencies.has(dep), `depends on ${dep}`);
    project.openDocument('/ws/src/styles/_avatars.scss', `.avatar { width: 32px; height: 32px; }\n`, 2);
    assert.equal(run().findings.length, 0, 'the edited partial sizes it');
    project.openDocument('/ws/src/styles/_avatars.scss', `.avatar { width: 32px; height: auto; }\n`, 3);
    assert.equal(run().findings.length, 1, 'height: auto does not');
  });
});
