import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceDoc } from '../engine/source';
import { classTokensOf, inlineStyleOf, isCssSize, utilitySizing } from './inline-style';
import { attribute, computeMarkupFacts, type ImageElement } from './markup-elements';

function facts(path: string, text: string) {
  return computeMarkupFacts(new SourceDoc(path, text, '1'));
}

/** Each attribute as `key: source text of its range`, so ranges are checked exactly. */
function ranges(text: string, el: ImageElement): string[] {
  return el.attributes.map((a) => `${a.key}: ${text.slice(a.start, a.end)}`);
}

describe('markup elements', () => {
  it('JSX: attributes with exact ranges, literal values, expressions, spreads and the insertion point', () => {
    const text = `export const A = ({ rest, t }: any) => <picture><img src="/a.png" width={640} height={'480'} alt={t('x')} className="a b" {...rest} /></picture>;`;
    const [el] = facts('/w/A.tsx', text).images;
    assert.ok(el);
    assert.deepEqual(ranges(text, el), ['src: src="/a.png"', 'width: width={640}', "height: height={'480'}", "alt: alt={t('x')}", 'class: className="a b"']);
    assert.equal(attribute(el, 'width')?.value, '640');
    assert.equal(attribute(el, 'height')?.value, '480');
    assert.equal(attribute(el, 'alt')?.expression, "t('x')");
    assert.deepEqual(el.spreads.map((s) => s.text), ['rest']);
    assert.equal(text.slice(el.insertAt - 9, el.insertAt + 3), '{...rest} />', 'after the spread, before />');
    assert.equal(text.slice(el.start, el.start + 4), '<img');
    assert.deepEqual(el.ancestors, ['picture']);
  });

  it('JSX: next/image under any local name; other components and lower-case look-alikes are not images', () => {
    const text = [
      "import Img from 'next/image';",
      "import { default as Legacy } from 'next/legacy/image';",
      "import Image from './my-image';",
      'export const B = () => <><Img src="/a.png" alt="" /><Legacy src="/b.png" alt="" /><Image src="/c.png" /><image href="x" /><Avatar src="d" /></>;',
    ].join('\n');
    const images = facts('/w/B.tsx', text).images;
    assert.deepEqual(images.map((e) => [e.tag, e.isNextImage]), [['Img', true], ['Legacy', true]]);
    assert.deepEqual([...facts('/w/B.tsx', text).imports], [['Img', 'next/image'], ['Legacy', 'next/legacy/image'], ['Image', './my-image']]);
  });

  it('HTML: quoted, unquoted and bare attributes, entities decoded; comments, scripts and templates in strings ignored', () => {
    const text = `<!-- <img src="old.png"> -->\n<script>const s = '<img src="x.png">';</script>\n<noscript><img src=a.png alt="Tom &amp; Jerry" hidden></noscript>\n<IMG SRC='b.png' Width="10">`;
    const images = facts('/w/index.html', text).images;
    assert.equal(images.length, 2);
    assert.deepEqual(ranges(text, images[0]!), ['src: src=a.png', 'alt: alt="Tom &amp; Jerry"', 'hidden: hidden']);
    assert.equal(attribute(images[0]!, 'alt')?.value, 'Tom & Jerry');
    assert.equal(attribute(images[0]!, 'hidden')?.bare, true);
    assert.deepEqual(images[0]!.ancestors, ['noscript']);
    // Upper-case tags and attribute names as written: the rule looks attributes up by key.
    assert.equal(images[1]!.tag, 'IMG');
    assert.deepEqual(ranges(text, images[1]!), ["SRC: SRC='b.png'", 'Width: Width="10"']);
    assert.equal(text.slice(images[1]!.insertAt), '>');
  });

  it('Vue: bound attributes by what they set, v-bind objects as spreads, asset imports of <script setup>', () => {
    const text = `<script setup lang="ts">\nimport hero from '@/assets/hero.png';\nimport { ref } from 'vue';\n</script>\n<template>\n  <img :src="hero" v-bind:width.prop="w" :height="h > 0 ? h : 1" v-bind="extra" @load="done">\n</template>\n`;
    const f = facts('/w/Hero.vue', text);
    const [el] = f.images;
    assert.ok(el);
    assert.deepEqual(ranges(text, el), ['src: :src="hero"', 'width: v-bind:width.prop="w"', 'height: :height="h > 0 ? h : 1"', '@load: @load="done"']);
    assert.equal(attribute(el, 'height')?.expression, 'h > 0 ? h : 1');
    assert.deepEqual(el.spreads.map((s) => s.text), ['extra']);
    assert.deepEqual([...f.imports], [['hero', '@/assets/hero.png']]);
  });

  it('Svelte: expressions with spaces, quotes and `>` stay whole; shorthand, spreads and style directives', () => {
    const text = `<script>\n  import cat from './cat.jpg';\n  export let w, items;\n</script>\n{#if items.length > 1}\n  <img src={cat} alt={"a > b " + 'c'} {width} {...$$restProps} style:width="64px" class:round={true}/>\n{/if}\n`;
    const f = facts('/w/Cat.svelte', text);
    const [el] = f.images;
    assert.ok(el);
    assert.deepEqual(ranges(text, el), ['src: src={cat}', `alt: alt={"a > b " + 'c'}`, 'width: {width}', 'style:width: style:width="64px"', 'class:round: class:round={true}']);
    assert.equal(attribute(el, 'alt')?.expression, `"a > b " + 'c'`);
    assert.equal(attribute(el, 'width')?.expression, 'width');
    assert.deepEqual(el.spreads.map((s) => s.text), ['$$restProps']);
    assert.equal(text.slice(el.insertAt, el.insertAt + 2), '/>');
    assert.deepEqual([...f.imports], [['cat', './cat.jpg']]);
  });
});

describe('inline style and classes', () => {
  it('CSS sizes: keywords that leave the size to the image do not count', () => {
    for (const v of ['64px', '100%', '0', '10rem', 'calc(100% - 2rem)']) assert.equal(isCssSize(v), true, v);
    for (const v of ['auto', 'initial', 'unset', 'inherit', '', 'fit-content', 'auto !important']) assert.equal(isCssSize(v), false, v);
  });

  it('reads static styles, JSX style objects and Vue style objects; a computed style is unknown', () => {
    const html = facts('/w/a.html', `<img style="width: 64px; HEIGHT:auto; aspect-ratio: 1">`).images[0]!;
    assert.deepEqual([...inlineStyleOf(html).props], [['width', '64px'], ['height', 'auto'], ['aspect-ratio', '1']]);
    const jsx = facts('/w/a.tsx', `const a = <img style={{ width: 64, aspectRatio: '4 / 3', height: h }} />;`).images[0]!;
    assert.deepEqual([...inlineStyleOf(jsx).props], [['width', '64px'], ['aspect-ratio', '4 / 3'], ['height', '?']]);
    const vue = facts('/w/a.vue', `<template><img :style="{ width: '10px', height: size + 'px' }"></template>`).images[0]!;
    assert.deepEqual([...inlineStyleOf(vue).props], [['width', '10px'], ['height', '?']]);
    const computed = facts('/w/a.tsx', `const a = <img style={styles.hero} />;`).images[0]!;
    assert.equal(inlineStyleOf(computed).unknown, true);
  });

  it('class tokens from static and computed class lists; utility classes that size, hide or position', () => {
    const el = facts('/w/a.tsx', "const a = <img className={cn('w-8 h-8', big && `size-${n} rounded`)} />;").images[0]!;
    assert.deepEqual(classTokensOf(el).tokens, ['w-8', 'h-8', 'size-', 'rounded']);
    assert.deepEqual(utilitySizing(['w-full', 'aspect-video']), { width: true, height: false, aspect: true, hidden: false, outOfFlow: false });
    assert.deepEqual(utilitySizing(['w-auto', 'h-fit', 'md:w-8']), { width: false, height: false, aspect: false, hidden: false, outOfFlow: false });
    assert.equal(utilitySizing(['hidden']).hidden, true);
    assert.equal(utilitySizing(['hidden', 'md:block']).hidden, false);
    assert.equal(utilitySizing(['absolute', 'inset-0']).outOfFlow, true);
  });
});
