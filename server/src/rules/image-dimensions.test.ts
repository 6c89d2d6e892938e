import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { computeMarkupFacts, attribute } from '../analysis/markup-elements';
import { parseRcText } from '../engine/config';
import { SourceDoc } from '../engine/source';
import { avif, gif, jpeg, png, svg, webp } from '../testing/image-fixtures';
import { applyEdits } from '../testing/apply-fix';
import { at, assertParses, ruleFixes, ruleTester, runRule, type ValidCase } from '../testing/rule-tester';
import { typecheck } from '../testing/typecheck';
import { imageDimensions } from './image-dimensions';

/** Real images of each format, a tsconfig alias `@/*` and the folders bundlers serve. */
const workspace: Record<string, string | Uint8Array> = {
  'package.json': '{ "name": "shop", "private": true }',
  'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }',
  'public/hero.png': png(1200, 630),
  'public/logo.svg': svg('width="120" height="40"'),
  'public/index.html': '',
  'static/banner.webp': webp(1600, 400),
  'src/assets/cat.jpg': jpeg(4032, 3024, 6), // a phone photo: stored landscape, shown portrait
  'src/assets/photo.jpg': jpeg(800, 600),
  'src/assets/spinner.gif': gif(32, 32),
  'src/assets/avatar.avif': avif(256, 256),
  'src/assets/icon.svg': svg('viewBox="0 0 24 24"'),
  'src/assets/broken.png': png(100, 100).subarray(0, 20), // truncated inside its header
};

/** Type declarations a React + Next.js app has: asset modules, and next/image's documented props. */
const appTypes = `
declare module '*.png' { const src: { src: string; width: number; height: number }; export default src; }
declare module '*.jpg' { const src: { src: string; width: number; height: number }; export default src; }
declare module '*.avif' { const src: { src: string; width: number; height: number }; export default src; }
declare module 'next/image' {
  import type { ImgHTMLAttributes } from 'react';
  type StaticImport = { src: string; width: number; height: number };
  export interface ImageProps extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src' | 'width' | 'height' | 'loading'> {
    src: string | StaticImport; alt: string; width?: number | \`\${number}\`; height?: number | \`\${number}\`;
    fill?: boolean; sizes?: string; priority?: boolean; loading?: 'lazy' | 'eager';
  }
  export default function Image(props: ImageProps): JSX.Element;
}
`;

/**
 * The fixed JSX parses, type-checks against @types/react (and next/image's prop types), and
 * its image element carries the expected width and height.
 */
function jsxFixed(width: string, height: string) {
  return (output: string, filename: string) => {
    assertParses(output, filename);
    checkSize(output, filename, width, height);
    const errors = typecheck(
      { [filename]: output, 'app-env.d.ts': appTypes },
      { module: 'esnext', compilerOptions: { jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] } },
    );
    assert.deepEqual(errors, [], `fixed code does not type-check:\n${output}`);
  };
}

/** The fixed HTML, Vue or Svelte re-parsed with htmlparser2: the image has the attributes. */
function markupFixed(width: string, height: string) {
  return (output: string, filename: string) => checkSize(output, filename, width, height);
}

/** The first image that lacked a size now has `width` and `height` with these values. */
function checkSize(output: string, filename: string, width: string, height: string): void {
  const facts = computeMarkupFacts(new SourceDoc(`/workspace/${filename}`, output, 'fixed'));
  const sized = facts.images.filter((el) => attribute(el, 'width') && attribute(el, 'height'));
  const match = sized.find((el) => (attribute(el, 'width')!.value ?? attribute(el, 'width')!.expression) === width);
  assert.ok(match, `no image with width ${width} in:\n${output}`);
  const h = attribute(match, 'height')!;
  assert.equal(h.value ?? h.expression, height, `height of the fixed image in:\n${output}`);
  assert.equal(match.attributes.filter((a) => a.key === 'width').length, 1, 'one width attribute');
  assert.equal(match.attributes.filter((a) => a.key === 'height').length, 1, 'one height attribute');
}

const v = (code: string, filename: string, more: Partial<ValidCase> = {}): ValidCase => ({ code, filename, files: workspace, ...more });

ruleTester(imageDimensions, {
  valid: [
    // ---- data: URIs made in the page: nothing to fetch, nothing to wait for ----
    v(
      "import { lorelei } from '@dicebear/collection';\nimport { createAvatar } from '@dicebear/core';\nimport { useMemo } from 'react';\nexport function Avatar({ seed, size = 128 }: { seed: string; size?: number }) {\n  const avatar = useMemo(() => {\n    return createAvatar(lorelei, { seed, size }).toDataUri();\n  }, []);\n  return <img src={avatar} alt=\"Avatar\" style={{ borderRadius: '100%', width: size }} />;\n}\n",
      'src/components/common/Avatar.tsx',
    ),
    v("export const Snapshot = ({ canvas }: { canvas: HTMLCanvasElement }) => <img src={canvas.toDataURL('image/png')} alt=\"\" />;", 'src/components/Snapshot.tsx'),
    // ---- JSX: sized by attributes, inline style or utility classes ----
    v(`export const Hero = () => <img src="/hero.png" width={1200} height={630} alt="" />;`, 'src/components/Hero.tsx'),
    v(`export function Avatar({ src, size }: { src: string; size: number }) {\n  return <img src={src} width={size} height={size} alt="" />;\n}`, 'src/components/Avatar.tsx'),
    v(`export const Thumb = ({ src }: { src: string }) => <img src={src} style={{ width: 64, height: 64 }} alt="" />;`, 'src/components/Thumb.tsx'),
    v(`export const Cover = ({ src }: { src: string }) => <img src={src} width={800} style={{ aspectRatio: '16 / 9' }} alt="" />;`, 'src/components/Cover.tsx'),
    v(`export const UserPic = ({ user }: { user: { avatar: string } }) => <img className="w-8 h-8 rounded-full" src={user.avatar} alt="" />;`, 'src/components/UserPic.tsx'),
    v(`export const Icon = ({ src }: { src: string }) => <img className="size-6 shrink-0" src={src} alt="" />;`, 'src/components/Icon.tsx'),
    v(`import { cn } from '@/lib/cn';\nexport const Card = ({ p, wide }: any) => <img className={cn('w-full aspect-video object-cover', wide && 'rounded')} src={p.cover} alt="" />;`, 'src/components/Card.tsx'),
    v(`export const Img = (props: React.ImgHTMLAttributes<HTMLImageElement>) => <img {...props} />;`, 'src/components/Img.tsx'),
    // ---- props spreads whose type or value is known to pass width and height ----
    v(`interface ThumbProps {\n  src: string;\n  width: number;\n  height: number;\n}\nexport const Thumb = (props: ThumbProps) => <img {...props} alt="" />;`, 'src/components/Thumb.tsx'),
    v(`export const Pic = ({ src, ...size }: { src: string; width: number; height: number }) => <img src={src} {...size} alt="" />;`, 'src/components/Pic.tsx'),
    v(`const iconSize = { width: 24, height: 24 };\nexport const I = ({ src }: { src: string }) => <img src={src} {...iconSize} alt="" />;`, 'src/components/I.tsx'),
    v(`import type { ImageProps } from './types';\nexport const Remote = (props: ImageProps) => <img {...props} />;`, 'src/components/Remote.tsx'),
    v(`export const Preload = ({ src }: { src: string }) => <img src={src} hidden alt="" />;`, 'src/components/Preload.tsx'),
    v(`export const Pixel = () => <img src="https://www.facebook.com/tr?id=1&ev=PageView" height="1" width="1" style={{ display: 'none' }} alt="" />;`, 'src/components/Pixel.tsx'),
    v(`export const Beacon = () => <img src="https://t.example.com/p.gif" width="1" height="1" alt="" />;`, 'src/components/Beacon.tsx'),
    v(`export const Bg = ({ bg }: { bg: string }) => <div className="relative h-64"><img className="absolute inset-0 object-cover" src={bg} alt="" /></div>;`, 'src/components/Bg.tsx'),
    v(`export const Dot = () => <img src="data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E" alt="" />;`, 'src/components/Dot.tsx'),
    v(`import styles from './Hero.module.css';\nexport const Hero = () => <img src="/hero.png" style={styles.hero} alt="" />;`, 'src/components/Hero.tsx'),
    v(`export const Fallback = () => <noscript><img src="/hero.png" alt="" /></noscript>;`, 'src/components/Fallback.tsx'),
    v(`export const Avatar2 = ({ u }: any) => <Avatar src={u.avatar} />;`, 'src/components/Avatar2.tsx'),
    v(`export const Logo = () => <img className="icon" src="/logo.svg" alt="Shop" />;`, 'src/components/Logo.tsx', { settings: { sizedImageClasses: ['icon', 'emoji'] } }),
    {
      name: 'sizedImageClasses from the nearest .hotpathrc.json (the command line has no editor settings)',
      code: `<img class="emoji" src="/smile.svg" alt="">`,
      filename: 'site/public/faq.html',
      files: { ...workspace, 'site/.hotpathrc.json': '{ "sizedImageClasses": ["emoji"] }' },
    },
    // ---- Next.js: static imports and fill size next/image; image-generating routes are not pages ----
    v(`import Image from 'next/image';\nimport hero from '../assets/photo.jpg';\nexport default function Page() {\n  return <Image src={hero} alt="" priority />;\n}`, 'src/app/page.tsx'),
    v(`import Image from 'next/image';\nexport const Banner = () => <div className="relative h-96"><Image src="/hero.png" fill alt="" className="object-cover" /></div>;`, 'src/components/Banner.tsx'),
    // next/legacy/image and next/image's compatibility props: layout="fill" is fill
    v(`import Image from 'next/image';\nexport const Stream = ({ stream }: { stream: string }) => (\n  <div className="absolute inset-0">\n    <Image layout="fill" objectFit="cover" src={stream} alt="stream" />\n  </div>\n);`, 'src/widgets/Stream.tsx'),
    v(`import Image from 'next/legacy/image';\nexport const Choice = ({ url }: { url: string }) => <div className="relative h-32 w-32"><Image src={url} layout="fill" objectFit="cover" alt="" /></div>;`, 'src/components/Choice.tsx'),
    // a test renders into a test DOM (next/image mocked as an <img>), never a page
    v(`import { render } from '@testing-library/react';\nvi.mock('next/image', () => ({ default: ({ src }: any) => <img src={src} alt="" /> }));\nit('renders', () => { render(<img src="/hero.png" />); });`, 'src/widgets/stream.test.tsx'),
    v(`export default ({ src }: { src: string }) => <img src={src} alt="" />;`, 'src/__mocks__/next/image.tsx'),
    v(`import NextImage from 'next/image';\nexport const P = ({ url }: { url: string }) => <NextImage src={url} width={640} height={360} alt="" />;`, 'src/components/P.tsx'),
    v(`import { ImageResponse } from 'next/og';\nexport function GET() {\n  return new ImageResponse(<div><img src="https://example.com/logo.png" /></div>);\n}`, 'src/app/api/og/route.tsx'),
    v(`export default function Icon() {\n  return <img src="https://example.com/icon.png" />;\n}`, 'src/app/opengraph-image.tsx'),
    v(`import { Html, Img } from '@react-email/components';\nexport const Welcome = () => <Html><img src="https://example.com/logo.png" /></Html>;`, 'emails/welcome.tsx'),
    // ---- Mantine's <Image>: its style props w / h size the img it renders ----
    v(`import { Image } from '@mantine/core';\nexport const Poster = ({ url }: { url: string }) => <Image src={url} w={35} h={50} fit="cover" radius="md" />;`, 'src/modes/Poster.tsx'),
    v(`import { Image } from '@mantine/core';\nexport const Brand = () => <Image src="/hero.png" w={{ base: 32, md: 40 }} h={{ base: 32, md: 40 }} />;`, 'src/components/Brand.tsx'),
    v(`import { Image as MantineImage } from '@mantine/core';\nexport const Qr = ({ qr }: { qr: string }) => <MantineImage height={180} width={180} src={qr} alt="QR Code" />;`, 'src/components/Qr.tsx'),
    v(`import { AspectRatio, Image } from '@mantine/core';\nexport const Cover = ({ url }: { url: string }) => <AspectRatio ratio={16 / 9}><Image src={url} alt="" /></AspectRatio>;`, 'src/components/Cover.tsx'),
    // another library's Image is its own component
    v(`import { Image } from 'antd';\nexport const P = ({ url }: { url: string }) => <Image src={url} />;`, 'src/components/P.tsx'),
    // ---- HTML ----
    v(`<!doctype html>\n<html><body>\n  <img src="hero.png" width="1200" height="630" alt="">\n</body></html>`, 'public/index.html'),
    v(`<img src="avatar.png" style="width: 64px; height: 64px" alt="">`, 'public/about.html'),
    v(`<img src="logo.svg" width="120" style="aspect-ratio: 3 / 1" alt="Shop">`, 'public/footer.html'),
    v(`<!-- <img src="old-banner.png"> -->\n<p>Hello</p>`, 'public/old.html'),
    v(`<script>\n  document.body.innerHTML = '<img src="a.png">';\n</script>`, 'public/inline.html'),
    v(`<img src="preload.png" hidden>\n<img src="x.png" style="display:none">`, 'public/hidden.html'),
    // ---- Vue ----
    v(`<template>\n  <img :src="avatar" :width="size" :height="size" alt="">\n</template>\n<script setup lang="ts">\ndefineProps<{ avatar: string; size: number }>();\n</script>`, 'src/components/Avatar.vue'),
    v(`<template>\n  <img v-bind="imgProps">\n</template>`, 'src/components/Pic.vue'),
    v(`<template>\n  <img src="@/assets/photo.jpg" width="800" height="600" alt="">\n  <img src="./icon.svg" class="w-6 h-6" alt="">\n</template>`, 'src/components/Gallery.vue'),
    // ---- Svelte ----
    v(`<script>\n  export let src; export let width; export let height;\n</script>\n<img {src} {width} {height} alt="" />`, 'src/lib/Pic.svelte'),
    v(`<img {...$$restProps} />`, 'src/lib/Img.svelte'),
    v(`<script>\n  let src = '/a.png';\n</script>\n<img {src} style:width="64px" style:height="64px" alt="" />`, 'src/lib/Thumb.svelte'),
    v(`<script>\n  const items = [];\n</script>\n{#if items.length > 0}\n  <img src={items[0].url} width={items[0].w} height={items[0].h} alt="" />\n{/if}`, 'src/lib/First.svelte'),
    // ---- bad input: half-typed tags are skipped, never a crash ----
    v(`<img src="hero.png" alt="unterminated>\n<p>text</p>\n`, 'public/typing.html'),
    v(`<img`, 'public/cut.html'),
    v(`{#if a}<img src={x>\n<p>{</p>\n`, 'src/lib/Broken.svelte'),
    v(`<template><img src="/hero.png" width="1200" height="630" :alt="a > b ? 'x' : 'y'"></template>\n<script>\nconst html = '<img src="a.png">';\n</script>`, 'src/components/Gt.vue'),
  ],
  invalid: [
    {
      name: 'CRLF line endings: the finding and the fix land on the right line',
      filename: 'public/crlf.html',
      files: workspace,
      code: `<p>x</p>\r\n<img src="hero.png">\r\n`,
      errors: [at(2, 1)],
      output: `<p>x</p>\r\n<img src="hero.png" width="1200" height="630">\r\n`,
      checkOutput: markupFixed('1200', '630'),
    },
    {
      name: 'non-ASCII text before the image: columns in UTF-16 units, as LSP counts',
      filename: 'public/emoji.html',
      files: workspace,
      code: `<p>héllo 👋</p><img src=hero.png/>`,
      errors: [at(1, 16)],
      output: `<p>héllo 👋</p><img src=hero.png width="1200" height="630"/>`,
      checkOutput: markupFixed('1200', '630'),
    },
    {
      name: 'JSX with a syntax error is still read (TypeScript recovers)',
      filename: 'src/components/Typing.tsx',
      files: workspace,
      code: `export const A = () => <img src="/hero.png" alt="" ;\n`,
      errors: [at(1, 24, { message: /hero\.png is 1200×630/ })],
    },
    // ---- JSX/TSX (React): the fix reads the file behind src ----
    {
      name: 'root-absolute src in public/ (PNG)',
      filename: 'src/components/Hero.tsx',
      files: workspace,
      code: `export const Hero = () => <img src="/hero.png" alt="Hero" />;`,
      errors: [at(1, 27, { message: '`<img>` has no `width` and `height`: the page shifts when it loads (hero.png is 1200×630)', fixes: ['Add width and height from hero.png (1200×630)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
      output: `export const Hero = () => <img src="/hero.png" alt="Hero" width={1200} height={630} />;`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'imported EXIF-rotated JPEG: the displayed size, portrait',
      filename: 'src/components/Cat.tsx',
      files: workspace,
      code: `import cat from '../assets/cat.jpg';\nexport const Cat = () => <img src={cat.src} alt="cat" />;`,
      errors: [at(2, 26, { message: /cat\.jpg is 3024×4032 after its EXIF rotation/ })],
      output: `import cat from '../assets/cat.jpg';\nexport const Cat = () => <img src={cat.src} alt="cat" width={3024} height={4032} />;`,
      checkOutput: jsxFixed('3024', '4032'),
    },
    {
      name: 'tsconfig alias to an AVIF',
      filename: 'src/components/Me.tsx',
      files: workspace,
      code: `import avatar from '@/assets/avatar.avif';\nexport const Me = () => (\n  <img\n    src={avatar.src}\n    alt="me"\n  />\n);`,
      errors: [at(3, 3, { message: /avatar\.avif is 256×256/ })],
      output: `import avatar from '@/assets/avatar.avif';\nexport const Me = () => (\n  <img\n    src={avatar.src}\n    alt="me" width={256} height={256}\n  />\n);`,
      checkOutput: jsxFixed('256', '256'),
    },
    {
      name: 'width="100%" is stricter than Lighthouse: replaced by the intrinsic width, kept fluid by CSS',
      filename: 'src/components/Wide.tsx',
      files: workspace,
      code: `export const Wide = () => <img src="/hero.png" width="100%" alt="" />;`,
      errors: [at(1, 27, { message: /^`<img>` has `width="100%"`, which gives it no aspect ratio/, fixes: ['Set width and height from hero.png (1200×630)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
      output: `export const Wide = () => <img src="/hero.png" width={1200} alt="" height={630} style={{ width: '100%', height: 'auto' }} />;`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'width only: height follows the file\'s aspect ratio',
      filename: 'src/components/Half.tsx',
      files: workspace,
      code: `export const Half = () => <img src="/hero.png" width={600} alt="" />;`,
      errors: [at(1, 27, { message: /has `width` but no `height`/, fixes: ['Add height from hero.png (1200×630)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
      output: `export const Half = () => <img src="/hero.png" width={600} alt="" height={315} />;`,
      checkOutput: jsxFixed('600', '315'),
    },
    {
      name: 'width only is a warning: the rows below move when the height arrives',
      filename: 'src/components/Poster.tsx',
      files: workspace,
      code: `export const Poster = ({ url }: { url: string }) => <img src={url} width={60} alt="" />;`,
      errors: [at(1, 53, { severity: 'warning', message: /has `width` but no `height`: the page shifts when it loads/ })],
    },
    {
      name: 'height only (a payment brand logo in a row): information, only what is beside it moves sideways; the fix adds the width',
      filename: 'src/orders/CardPaymentMethod.tsx',
      files: workspace,
      code: `export const CardPaymentMethod = ({ brand }: { brand: string }) => (\n  <div className="flex items-center gap-2">\n    <img src="/logo.svg" height={26} alt={brand} />\n    <span>{brand}</span>\n  </div>\n);`,
      errors: [at(3, 5, { severity: 'info', message: /^`<img>` has `height` but no `width`: only its width is unknown, so what sits beside it on its line moves sideways when it loads \(logo\.svg is 120×40\)$/ })],
      output: `export const CardPaymentMethod = ({ brand }: { brand: string }) => (\n  <div className="flex items-center gap-2">\n    <img src="/logo.svg" height={26} alt={brand} width={78} />\n    <span>{brand}</span>\n  </div>\n);`,
      checkOutput: jsxFixed('78', '26'),
    },
    {
      name: 'a Tailwind height class only (a status badge, h-5): information',
      filename: 'src/lib/components/Badge.tsx',
      files: workspace,
      code: `export const Badge = ({ url }: { url: string }) => <img src={url} className="h-5" alt="status badge" />;`,
      errors: [at(1, 52, { severity: 'info', message: /has a height from its style or classes but no width/ })],
    },
    {
      name: 'width="auto" is no width: with a height, information',
      filename: 'src/app/charts/charts.component.html',
      files: workspace,
      code: `<nb-option value="bar"><img src="/logo.svg" width="auto" height="24" /> Bar</nb-option>\n`,
      errors: [at(1, 24, { severity: 'info', message: /has `width="auto"`, which is not a number of pixels: only its width is unknown/ })],
    },
    {
      name: "Mantine <Image w={60}>: a width but no height; the fix adds the file's size, which Mantine passes to the img",
      filename: 'src/widgets/MediaReleases.tsx',
      files: workspace,
      code: `import { Image } from '@mantine/core';\nexport const Release = ({ title }: { title: string }) => <Image w={60} src="/hero.png" alt={title} />;`,
      errors: [at(2, 58, { severity: 'warning', message: '`<Image>` has a width from its style or classes but no height: the page shifts when it loads (hero.png is 1200×630)' })],
      output: `import { Image } from '@mantine/core';\nexport const Release = ({ title }: { title: string }) => <Image w={60} src="/hero.png" alt={title} width={1200} height={630} />;`,
      checkOutput: (output: string, filename: string) => {
        assertParses(output, filename);
        const mantine = `declare module '@mantine/core' {\n  import type { ImgHTMLAttributes } from 'react';\n  export interface ImageProps extends ImgHTMLAttributes<HTMLImageElement> { w?: number | string; h?: number | string; fit?: string; radius?: string }\n  export function Image(props: ImageProps): JSX.Element;\n}\n`;
        const errors = typecheck({ [filename]: output, 'mantine.d.ts': mantine }, { module: 'esnext', compilerOptions: { jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] } });
        assert.deepEqual(errors, [], `fixed code does not type-check:\n${output}`);
      },
    },
    {
      name: 'Svelte: a logo preview inside a fixed h-16 w-16 box: information, only the box\'s inside moves',
      filename: 'src/routes/manage/site/+page.svelte',
      files: workspace,
      code: `<div class="flex items-center gap-4">\n  <div class="bg-muted flex h-16 w-16 items-center justify-center rounded-lg border">\n    {#if site.logo}\n      <img src={site.logo} alt="Logo" class="max-h-14 max-w-14 object-contain" />\n    {/if}\n  </div>\n  <p>Logo</p>\n</div>\n`,
      errors: [at(4, 7, { severity: 'info', message: /^`<img>` has no `width` and `height`, but the box around it is fixed \(`w-16 h-16`\): only what is inside that box moves when it loads/ })],
    },
    {
      name: 'React: an avatar in a fixed size-8 overflow-clip frame: information; the fix still applies',
      filename: 'src/components/UserAvatar.tsx',
      files: workspace,
      code: `export const UserAvatar = () => (\n  <div className="size-8 overflow-clip rounded-xl">\n    <img className="w-full h-auto object-cover" src="/hero.png" alt="" />\n  </div>\n);`,
      errors: [at(3, 5, { severity: 'info', message: /box around it is fixed \(`size-8`\)/ })],
      output: `export const UserAvatar = () => (\n  <div className="size-8 overflow-clip rounded-xl">\n    <img className="w-full h-auto object-cover" src="/hero.png" alt="" width={1200} height={630} />\n  </div>\n);`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'a parent at w-full h-full is not a fixed box: a warning',
      filename: 'src/components/Tile.tsx',
      files: workspace,
      code: `export const Tile = ({ url }: { url: string }) => <div className="h-full w-full"><img src={url} alt="" /></div>;`,
      errors: [at(1, 82, { severity: 'warning', message: /: the page shifts when it loads/ })],
    },
    {
      name: 'width:100% with height:auto reserves no height',
      filename: 'src/components/Fluid.tsx',
      files: workspace,
      code: `export const Fluid = () => <img src="/logo.svg" style={{ width: '100%', height: 'auto' }} alt="" />;`,
      errors: [at(1, 28, { message: /logo\.svg is 120×40/ })],
      output: `export const Fluid = () => <img src="/logo.svg" style={{ width: '100%', height: 'auto' }} alt="" width={120} height={40} />;`,
      checkOutput: jsxFixed('120', '40'),
    },
    {
      name: 'srcSet alone does not size an image',
      filename: 'src/components/Retina.tsx',
      files: workspace,
      code: `export const Retina = () => <img srcSet="/hero.png 1x, /hero@2x.png 2x" src="/hero.png" alt="" />;`,
      errors: [at(1, 29)],
      output: `export const Retina = () => <img srcSet="/hero.png 1x, /hero@2x.png 2x" src="/hero.png" alt="" width={1200} height={630} />;`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: '<img> inside <picture> carries the dimensions',
      filename: 'src/components/Art.tsx',
      files: workspace,
      code: `export const Art = () => (\n  <picture>\n    <source srcSet="/hero.webp" type="image/webp" />\n    <img src="/hero.png" alt="" />\n  </picture>\n);`,
      errors: [at(4, 5)],
      output: `export const Art = () => (\n  <picture>\n    <source srcSet="/hero.webp" type="image/webp" />\n    <img src="/hero.png" alt="" width={1200} height={630} />\n  </picture>\n);`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'responsive hidden class still shows the image on wide screens',
      filename: 'src/components/Side.tsx',
      files: workspace,
      code: `export const Side = () => <img className="hidden md:block" src="/hero.png" alt="" />;`,
      errors: [at(1, 27)],
    },
    {
      name: 'a remote src: placeholders, with the reason',
      filename: 'src/components/Remote.tsx',
      files: workspace,
      code: `export const Remote = () => <img src="https://cdn.example.com/banner.jpg" alt="" />;`,
      errors: [at(1, 29, { message: /its size is unknown: its `src` is a remote URL \(https:\/\/cdn\.example\.com\/banner\.jpg\)/, fixes: ['Add width and height placeholders (the image size is unknown)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
      output: `export const Remote = () => <img src="https://cdn.example.com/banner.jpg" alt="" width={0} height={0} />;`,
      checkOutput: jsxFixed('0', '0'),
    },
    {
      name: 'a computed src: placeholders',
      filename: 'src/components/Product.tsx',
      files: workspace,
      code: `export const Product = ({ p }: { p: { image: string } }) => <img src={p.image} alt="" />;`,
      errors: [at(1, 61, { message: /its size is unknown: its `src` is computed at run time \(`p\.image`\)/ })],
      output: `export const Product = ({ p }: { p: { image: string } }) => <img src={p.image} alt="" width={0} height={0} />;`,
      checkOutput: jsxFixed('0', '0'),
    },
    {
      name: 'a truncated image gives no size fix',
      filename: 'src/components/Broken.tsx',
      files: workspace,
      code: `import broken from '../assets/broken.png';\nexport const Broken = () => <img src={broken.src} alt="" />;`,
      errors: [at(2, 29, { message: /its size is unknown: the image header is corrupt/, fixes: ['Add width and height placeholders (the image size is unknown)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
    },
    {
      name: 'a missing file is named',
      filename: 'src/components/Gone.tsx',
      files: workspace,
      code: `export const Gone = () => <img src="/gone.png" alt="" />;`,
      errors: [at(1, 27, { message: /its `src` \(\/gone\.png\) was not found in the workspace/ })],
    },
    {
      name: 'page component: the first image may be above the fold, so only later ones get the lazy fix',
      filename: 'src/app/page.tsx',
      files: workspace,
      code: `export default function Home() {\n  return (\n    <main>\n      <img src="/hero.png" alt="" />\n      <img src="/logo.svg" alt="" />\n      <img src="/logo.svg" alt="" loading="eager" />\n    </main>\n  );\n}`,
      errors: [
        at(4, 7, { fixes: ['Add width and height from hero.png (1200×630)'] }),
        at(5, 7, { fixes: ['Add width and height from logo.svg (120×40)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] }),
        at(6, 7, { fixes: ['Add width and height from logo.svg (120×40)'] }),
      ],
    },
    {
      name: 'a props type known to lack width and height',
      filename: 'src/components/CardImage.tsx',
      files: workspace,
      code: `interface CardImageProps {\n  src: string;\n  alt: string;\n}\nexport const CardImage = (props: CardImageProps) => <img {...props} />;`,
      errors: [at(5, 53, { message: /has no `width` and `height`.*its `src` is passed in `\{\.\.\.props\}`/ })],
      output: `interface CardImageProps {\n  src: string;\n  alt: string;\n}\nexport const CardImage = (props: CardImageProps) => <img {...props} width={0} height={0} />;`,
      checkOutput: jsxFixed('0', '0'),
    },
    {
      name: 'an object spread without a size, src written out',
      filename: 'src/components/Base.tsx',
      files: workspace,
      code: `const base = { alt: '', decoding: 'async' as const };\nexport const Base = () => <img src="/hero.png" {...base} />;`,
      errors: [at(2, 27, { message: /hero\.png is 1200×630/ })],
      output: `const base = { alt: '', decoding: 'async' as const };\nexport const Base = () => <img src="/hero.png" {...base} width={1200} height={630} />;`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'a spread passing width only: the height is a placeholder',
      filename: 'src/components/W.tsx',
      files: workspace,
      code: `export const W = (props: { src: string; width: number }) => <img {...props} alt="" />;`,
      errors: [at(1, 61, { message: /has `width` but no `height`/, fixes: ['Add height placeholder (the image size is unknown)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
      output: `export const W = (props: { src: string; width: number }) => <img {...props} alt="" height={0} />;`,
    },
    // ---- Next.js next/image ----
    {
      name: 'next/image without width, height or fill',
      filename: 'src/components/Promo.tsx',
      files: workspace,
      code: `import Image from 'next/image';\nexport const Promo = () => <Image src="/hero.png" alt="Sale" />;`,
      errors: [at(2, 28, { message: '`<Image>` has no `width` and `height` (and no `fill`): the page shifts when it loads (hero.png is 1200×630)', fixes: ['Add width and height from hero.png (1200×630)'] })],
      output: `import Image from 'next/image';\nexport const Promo = () => <Image src="/hero.png" alt="Sale" width={1200} height={630} />;`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'next/image width={0} height={0} passes Next\'s check but reserves no space',
      filename: 'src/components/Full.tsx',
      files: workspace,
      code: `import Image from 'next/image';\nexport const Full = () => (\n  <Image src="/hero.png" alt="" width={0} height={0} sizes="100vw" style={{ width: '100%', height: 'auto' }} />\n);`,
      errors: [at(3, 3, { message: /has `width` and `height` of 0, which pass next\/image's check but reserve no space/, fixes: ['Set width and height from hero.png (1200×630)'] })],
      output: `import Image from 'next/image';\nexport const Full = () => (\n  <Image src="/hero.png" alt="" width={1200} height={630} sizes="100vw" style={{ width: '100%', height: 'auto' }} />\n);`,
      checkOutput: jsxFixed('1200', '630'),
    },
    {
      name: 'next/image with a remote src',
      filename: 'src/components/Cdn.tsx',
      files: workspace,
      code: `import Image from 'next/legacy/image';\nexport const Cdn = () => <Image src="https://images.example.com/a.jpg" alt="" />;`,
      errors: [at(2, 26, { message: /remote URL/ })],
    },
    // ---- HTML ----
    {
      name: 'HTML: src relative to the page, first image of the page',
      filename: 'public/index.html',
      files: workspace,
      code: `<!doctype html>\n<html>\n<body>\n  <img src="hero.png" alt="Hero">\n</body>\n</html>\n`,
      errors: [at(4, 3, { message: /hero\.png is 1200×630/, fixes: ['Add width and height from hero.png (1200×630)'] })],
      output: `<!doctype html>\n<html>\n<body>\n  <img src="hero.png" alt="Hero" width="1200" height="630">\n</body>\n</html>\n`,
      checkOutput: markupFixed('1200', '630'),
    },
    {
      name: 'HTML: root-absolute src served from static/ (WebP)',
      filename: 'src/app.html',
      files: workspace,
      code: `<header><img src="/logo.svg" width="120" height="40"></header>\n<img src="/banner.webp" alt="" />\n`,
      errors: [at(2, 1, { message: /banner\.webp is 1600×400/ })],
      output: `<header><img src="/logo.svg" width="120" height="40"></header>\n<img src="/banner.webp" alt="" width="1600" height="400" />\n`,
      checkOutput: markupFixed('1600', '400'),
    },
    {
      name: 'HTML: width="100%" and a remote src: placeholders, fluid width kept',
      filename: 'public/news.html',
      files: workspace,
      code: `<p>News</p>\n<img src="https://cdn.example.com/a.jpg" width="100%">\n`,
      errors: [at(2, 1, { message: /`width="100%"`, which gives it no aspect ratio/ })],
      output: `<p>News</p>\n<img src="https://cdn.example.com/a.jpg" width="" height="" style="width: 100%; height: auto">\n`,
      checkOutput: markupFixed('', ''),
    },
    {
      name: 'HTML: SVG with width only gets the proportional height',
      filename: 'public/about.html',
      files: workspace,
      code: `<h1>About</h1>\n<img src="logo.svg" width="60" alt="Shop">\n`,
      errors: [at(2, 1, { fixes: ['Add height from logo.svg (120×40)'] })],
      output: `<h1>About</h1>\n<img src="logo.svg" width="60" alt="Shop" height="20">\n`,
      checkOutput: markupFixed('60', '20'),
    },
    {
      name: 'HTML: GIF found relative to the file',
      filename: 'src/pages/loading.html',
      files: workspace,
      code: `<div class="spinner"><img src="../assets/spinner.gif" alt="Loading"></div>\n`,
      errors: [at(1, 22, { message: /spinner\.gif is 32×32/ })],
      output: `<div class="spinner"><img src="../assets/spinner.gif" alt="Loading" width="32" height="32"></div>\n`,
      checkOutput: markupFixed('32', '32'),
    },
    {
      name: 'HTML: 0×0 reserves no space',
      filename: 'public/promo.html',
      files: workspace,
      code: `<img src="hero.png" width="0" height="0" class="promo">\n`,
      errors: [at(1, 1, { message: /has a `width` or `height` of 0/ })],
      output: `<img src="hero.png" width="1200" height="630" class="promo">\n`,
      checkOutput: markupFixed('1200', '630'),
    },
    {
      name: 'HTML: width="auto" is not a number of pixels',
      filename: 'public/auto.html',
      files: workspace,
      code: `<img src="hero.png" width="auto" height="630">\n`,
      errors: [at(1, 1, { message: /`width="auto"`, which is not a number of pixels/ })],
      output: `<img src="hero.png" width="1200" height="630">\n`,
      checkOutput: markupFixed('1200', '630'),
    },
    // ---- Vue ----
    {
      name: 'Vue: tsconfig alias in a static src',
      filename: 'src/components/Photo.vue',
      files: workspace,
      code: `<template>\n  <figure>\n    <img src="@/assets/photo.jpg" alt="">\n  </figure>\n</template>\n`,
      errors: [at(3, 5, { message: /photo\.jpg is 800×600/ })],
      output: `<template>\n  <figure>\n    <img src="@/assets/photo.jpg" alt="" width="800" height="600">\n  </figure>\n</template>\n`,
      checkOutput: markupFixed('800', '600'),
    },
    {
      name: 'Vue: asset imported in <script setup>',
      filename: 'src/components/CatCard.vue',
      files: workspace,
      code: `<script setup lang="ts">\nimport cat from '../assets/cat.jpg';\n</script>\n\n<template>\n  <img :src="cat" alt="cat" />\n</template>\n`,
      errors: [at(6, 3, { message: /cat\.jpg is 3024×4032 after its EXIF rotation/ })],
      output: `<script setup lang="ts">\nimport cat from '../assets/cat.jpg';\n</script>\n\n<template>\n  <img :src="cat" alt="cat" width="3024" height="4032" />\n</template>\n`,
      checkOutput: markupFixed('3024', '4032'),
    },
    {
      name: 'a memoised src that is a URL, not a data: URI, is still fetched',
      filename: 'src/components/common/Gravatar.tsx',
      files: workspace,
      code: "import { useMemo } from 'react';\nexport function Gravatar({ hash }: { hash: string }) {\n  const url = useMemo(() => new URL(`/avatar/${hash}`, 'https://gravatar.com').toString(), [hash]);\n  return <img src={url} alt=\"\" />;\n}\n",
      errors: [at(4, 10, { message: /computed at run time \(`url`\)/ })],
      output: "import { useMemo } from 'react';\nexport function Gravatar({ hash }: { hash: string }) {\n  const url = useMemo(() => new URL(`/avatar/${hash}`, 'https://gravatar.com').toString(), [hash]);\n  return <img src={url} alt=\"\" width={0} height={0} />;\n}\n",
    },
    {
      name: 'Vue: a bound src is unknown',
      filename: 'src/components/UserRow.vue',
      files: workspace,
      code: `<template>\n  <li v-for="u in users" :key="u.id"><img :src="u.avatar" alt=""> {{ u.name }}</li>\n</template>\n`,
      errors: [at(2, 38, { message: /computed at run time \(`u\.avatar`\)/ })],
      output: `<template>\n  <li v-for="u in users" :key="u.id"><img :src="u.avatar" alt="" width="" height=""> {{ u.name }}</li>\n</template>\n`,
      checkOutput: markupFixed('', ''),
    },
    {
      name: 'Vue: a bound width cannot be matched, so the height is a placeholder',
      filename: 'src/components/Scaled.vue',
      files: workspace,
      code: `<template>\n  <img src="/hero.png" :width="w">\n</template>\n`,
      errors: [at(2, 3, { message: /has `width` but no `height`.*hero\.png is 1200×630/, fixes: ['Add height placeholder (the image size is unknown)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] })],
    },
    // ---- Svelte ----
    {
      name: 'Svelte: imported asset, expressions with spaces and `>` in the markup',
      filename: 'src/lib/Cat.svelte',
      files: workspace,
      code: `<script>\n  import cat from '../assets/cat.jpg';\n  let n = 2;\n</script>\n\n{#if n > 1}\n  <img src={cat} alt={n + " cats"} />\n{/if}\n`,
      errors: [at(7, 3, { message: /cat\.jpg is 3024×4032/ })],
      output: `<script>\n  import cat from '../assets/cat.jpg';\n  let n = 2;\n</script>\n\n{#if n > 1}\n  <img src={cat} alt={n + " cats"} width="3024" height="4032" />\n{/if}\n`,
      checkOutput: markupFixed('3024', '4032'),
    },
    {
      name: 'SvelteKit: root-absolute src from static/',
      filename: 'src/routes/+page.svelte',
      files: workspace,
      code: `<h1>Welcome</h1>\n<img src="/banner.webp" alt="">\n<img src="/logo.svg" alt="">\n`,
      errors: [
        at(2, 1, { fixes: ['Add width and height from banner.webp (1600×400)'] }),
        at(3, 1, { fixes: ['Add width and height from logo.svg (120×40)', 'Add loading="lazy" decoding="async" (the image is not in the first screen)'] }),
      ],
      output: `<h1>Welcome</h1>\n<img src="/banner.webp" alt="" width="1600" height="400">\n<img src="/logo.svg" alt="">\n`,
      checkOutput: markupFixed('1600', '400'),
    },
    {
      name: 'Svelte: each block with computed src',
      filename: 'src/lib/Gallery.svelte',
      files: workspace,
      code: `<script>\n  export let photos = [];\n</script>\n{#each photos as p}\n  <img src={p.url} alt={p.alt}>\n{/each}\n`,
      errors: [at(5, 3, { message: /computed at run time \(`p\.url`\)/ })],
      output: `<script>\n  export let photos = [];\n</script>\n{#each photos as p}\n  <img src={p.url} alt={p.alt} width="" height="">\n{/each}\n`,
      checkOutput: markupFixed('', ''),
    },
    {
      name: 'Svelte: AVIF next to the component',
      filename: 'src/lib/Me.svelte',
      files: workspace,
      code: `<img src="../assets/avatar.avif" alt="me"/>\n`,
      errors: [at(1, 1, { message: /avatar\.avif is 256×256/ })],
      output: `<img src="../assets/avatar.avif" alt="me" width="256" height="256"/>\n`,
      checkOutput: markupFixed('256', '256'),
    },
  ],
});

describe('image-dimensions fixes', () => {
  it('placeholders come as snippets for editors that accept them', () => {
    const { findings } = runRule(imageDimensions, v(`export const R = () => <img src="https://x.example/a.jpg" alt="" />;`, 'src/components/R.tsx'));
    const edit = ruleFixes(findings[0]!)[0]!.edits[0]!;
    assert.equal(edit.newText, ' width={0} height={0}');
    assert.equal(edit.snippet, ' width={${1:width}} height={${2:height}}');
  });

  it('the lazy-loading fix parses and adds both attributes', () => {
    const code = `export const L = () => <img src="/hero.png" alt="" />;`;
    const { findings } = runRule(imageDimensions, v(code, 'src/components/L.tsx'));
    const lazy = ruleFixes(findings[0]!).find((f) => f.title.startsWith('Add loading'))!;
    const out = applyEdits(code, lazy.edits);
    assert.equal(out, `export const L = () => <img src="/hero.png" alt="" loading="lazy" decoding="async" />;`);
    assertParses(out, 'src/components/L.tsx');
  });

  it('the lazy-loading fix in HTML, Vue and Svelte re-parses with both attributes, once', () => {
    const cases: [string, string][] = [
      ['src/components/Card.vue', `<template>\n  <img src="/hero.png" alt="">\n</template>\n`],
      ['src/lib/Card.svelte', `<img src={x} alt={a > b ? 'y' : 'z'} decoding="sync" />\n`],
      ['public/gallery.html', `<h1>x</h1>\n<img src="hero.png" width="100">\n<img src="logo.svg" alt="">\n`],
    ];
    for (const [filename, code] of cases) {
      const { findings } = runRule(imageDimensions, v(code, filename));
      const last = findings[findings.length - 1]!;
      const lazy = ruleFixes(last).find((f) => f.title.startsWith('Add loading'));
      assert.ok(lazy, `${filename}: a lazy-loading fix`);
      const out = applyEdits(code, lazy.edits);
      const images = computeMarkupFacts(new SourceDoc(`/workspace/${filename}`, out, '1')).images;
      const el = images[images.length - 1]!;
      assert.equal(attribute(el, 'loading')?.value, 'lazy', out);
      // An existing decoding is left as the author set it.
      assert.equal(attribute(el, 'decoding')?.value, filename.endsWith('.svelte') ? 'sync' : 'async', out);
      assert.equal(el.attributes.filter((a) => a.key === 'decoding').length, 1, out);
    }
  });

  it('.hotpathrc.json sizedImageClasses: editor and file lists both apply; a malformed value is reported by the config loader', () => {
    const files = { ...workspace, '.hotpathrc.json': '{ "sizedImageClasses": ["emoji"] }' };
    const code = `<img class="emoji" src="/a.svg"><img class="icon" src="/b.svg"><img class="photo" src="/c.jpg">`;
    const { findings } = runRule(imageDimensions, { code, filename: 'public/x.html', files, settings: { sizedImageClasses: ['icon'] } });
    assert.deepEqual(findings.map((f) => f.range.start.character), [code.indexOf(`<img class="photo"`)]);
    assert.deepEqual(parseRcText('{ "sizedImageClasses": "icon" }', []).problems, ['"sizedImageClasses" must be an array of class names, like ["icon"] (ignored)']);
    assert.deepEqual(parseRcText('{ "sizedImageClasses": ["icon"] }', []).problems, []);
  });

  it('applying every preferred fix of a file sizes every image it can and still parses', () => {
    const code = `<template>\n  <img src="/hero.png">\n  <img src="@/assets/photo.jpg"><img src="/banner.webp" alt="x">\n  <img :src="u.avatar">\n</template>\n`;
    const { findings } = runRule(imageDimensions, v(code, 'src/components/All.vue'));
    assert.equal(findings.length, 4);
    const edits = findings.flatMap((f) => f.fixes.filter((x) => x.preferred).flatMap((x) => x.edits));
    const out = applyEdits(code, edits);
    const sizes = computeMarkupFacts(new SourceDoc('/workspace/src/components/All.vue', out, '1')).images.map((el) => `${attribute(el, 'width')?.value}x${attribute(el, 'height')?.value}`);
    // The computed src keeps its finding: placeholders are never applied in bulk.
    assert.deepEqual(sizes, ['1200x630', '800x600', '1600x400', 'undefinedxundefined']);
  });
});
