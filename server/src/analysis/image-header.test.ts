import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { avif, gif, jpeg, png, svg, webp } from '../testing/image-fixtures';
import { imageFileSize, imageSizeOf } from './image-header';

function sizeOf(bytes: Uint8Array) {
  const r = imageSizeOf(bytes, true);
  return r.ok ? `${r.size.width}x${r.size.height} ${r.size.type}${r.size.rotated ? ' rotated' : ''}` : `no size: ${r.reason}`;
}

describe('image headers', () => {
  it('reads each format', () => {
    assert.equal(sizeOf(png(640, 480)), '640x480 png');
    assert.equal(sizeOf(jpeg(1200, 800)), '1200x800 jpg');
    assert.equal(sizeOf(gif(16, 9)), '16x9 gif');
    assert.equal(sizeOf(webp(1000, 563)), '1000x563 webp');
    assert.equal(sizeOf(avif(2048, 1536)), '2048x1536 avif');
    assert.equal(sizeOf(svg('width="24" height="32"')), '24x32 svg');
    assert.equal(sizeOf(svg('viewBox="0 0 48 24"')), '48x24 svg');
  });

  it('applies EXIF orientation: 6 and 8 are rotated a quarter turn, 3 is not', () => {
    assert.equal(sizeOf(jpeg(4032, 3024, 6)), '3024x4032 jpg rotated');
    assert.equal(sizeOf(jpeg(4032, 3024, 8)), '3024x4032 jpg rotated');
    assert.equal(sizeOf(jpeg(4032, 3024, 3)), '4032x3024 jpg');
    assert.equal(sizeOf(jpeg(4032, 3024, 1)), '4032x3024 jpg');
  });

  it('gives a reason, never an exception, for truncated, corrupt and unknown files', () => {
    const cases: [string, Uint8Array][] = [
      ['png cut inside IHDR', png(640, 480).subarray(0, 20)],
      ['jpeg cut before SOF', jpeg(800, 600, 6).subarray(0, 30)],
      ['webp cut in the chunk header', webp(100, 100).subarray(0, 14)],
      ['avif without ipco', avif(10, 10).subarray(0, 40)],
      ['gif with zero size', gif(0, 0)],
      ['svg sized in percent only', svg('width="100%" height="100%"')],
      ['text', Buffer.from('hello world, not an image')],
      ['empty', Buffer.alloc(0)],
      ['random bytes', Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256))],
    ];
    for (const [name, bytes] of cases) {
      const r = imageSizeOf(bytes, true);
      assert.equal(r.ok, false, `${name}: ${sizeOf(bytes)}`);
      if (!r.ok) assert.ok(r.reason.length > 10, name);
    }
  });

  it('reads files through the project and records them as dependencies', () => {
    const project = new Project(new MemoryFileHost({ '/w/hero.png': png(300, 200), '/w/bad.jpg': jpeg(1, 1).subarray(0, 4) }));
    const { result, dependencies } = project.recordDependencies(() => imageFileSize(project, '/w/hero.png'));
    assert.deepEqual(result, { ok: true, size: { width: 300, height: 200, type: 'png', rotated: false } });
    assert.deepEqual([...dependencies], ['/w/hero.png']);
    assert.equal(imageFileSize(project, '/w/bad.jpg').ok, false);
    assert.match((imageFileSize(project, '/w/missing.png') as { reason: string }).reason, /does not exist/);
  });

  it('reads each image once per version, at most 16 kB first and the rest of the header only when needed', () => {
    const reads: [string, number][] = [];
    class CountingHost extends MemoryFileHost {
      override readBytes(p: string, max: number) {
        if (max > 0) reads.push([p, max]);
        return super.readBytes(p, max);
      }
    }
    // A JPEG whose SOF comes after 40 kB of APP segments (an EXIF thumbnail does that).
    const app = Buffer.alloc(20_000 + 4);
    app.set([0xff, 0xe2, (20_002 >> 8) & 0xff, 20_002 & 0xff]);
    const plain = jpeg(640, 480);
    const late = Buffer.concat([plain.subarray(0, 20), app, app, plain.subarray(20)]);
    const host = new CountingHost({ '/w/a.png': png(64, 32), '/w/late.jpg': late });
    const project = new Project(host);
    assert.deepEqual(imageFileSize(project, '/w/a.png'), { ok: true, size: { width: 64, height: 32, type: 'png', rotated: false } });
    assert.deepEqual(imageFileSize(project, '/w/a.png').ok, true);
    assert.equal((imageFileSize(project, '/w/late.jpg') as { size: { width: number } }).size.width, 640);
    assert.deepEqual(reads, [['/w/a.png', png(64, 32).length], ['/w/late.jpg', 16 * 1024], ['/w/late.jpg', late.length]]);
    // A new version of the file is read again, and a cached answer still records the dependency.
    host.write('/w/a.png', png(10, 10));
    project.invalidate('/w/a.png');
    const { result, dependencies } = project.recordDependencies(() => imageFileSize(project, '/w/a.png'));
    assert.equal((result as { size: { width: number } }).size.width, 10);
    assert.deepEqual([...dependencies], ['/w/a.png']);
    assert.deepEqual(project.recordDependencies(() => imageFileSize(project, '/w/a.png')).dependencies, new Set(['/w/a.png']));
    assert.equal(reads.length, 4);
  });

  it("a dependency's version comes from its metadata: checking that an image changed never reads it", () => {
    let textReads = 0;
    class TextCountingHost extends MemoryFileHost {
      override readFile(p: string) {
        textReads++;
        return super.readFile(p);
      }
    }
    const host = new TextCountingHost({ '/w/a.png': png(2, 2) });
    const project = new Project(host);
    const before = project.versionOf('/w/a.png');
    assert.match(before ?? '', /^disk:/);
    host.write('/w/a.png', png(300, 300));
    project.invalidate('/w/a.png');
    assert.notEqual(project.versionOf('/w/a.png'), before);
    assert.equal(textReads, 0);
    project.openDocument('/w/x.ts', 'export {}', 7);
    assert.equal(project.versionOf('/w/x.ts'), 'open:7');
    assert.equal(project.versionOf('/w/none.png'), undefined);
  });
});
