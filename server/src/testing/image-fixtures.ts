/**
 * Real image files for tests, built byte by byte so the suite needs no binary fixtures: a PNG
 * that decoders accept (IHDR, deflated IDAT, IEND, CRCs), and the headers of JPEG (with an
 * optional EXIF orientation), GIF, WebP (lossless) and AVIF (ftyp + meta/iprp/ipco/ispe), laid
 * out as their specifications say. Pixel data beyond the header is not needed by any reader of
 * intrinsic sizes, and the size readers must not depend on it.
 */
import * as zlib from 'node:zlib';

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u16be(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u16le(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32be(data.length), typed, u32be(crc32(typed))]);
}

/** A complete, decodable grey PNG. */
export function png(width: number, height: number): Buffer {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 0, 0, 0, 0])]); // 8-bit greyscale
  const row = Buffer.alloc(1 + width, 0x80);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG header: SOI, APP0 JFIF or APP1 EXIF (big-endian TIFF with one Orientation tag), SOF0, EOI. */
export function jpeg(width: number, height: number, orientation?: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (orientation !== undefined) {
    const tiff = Buffer.concat([
      Buffer.from('MM\0*', 'latin1'),
      u32be(8), // offset of IFD0
      u16be(1), // one entry
      u16be(0x0112), u16be(3), u32be(1), u16be(orientation), u16be(0), // Orientation, SHORT, count 1
      u32be(0), // no next IFD
    ]);
    const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    parts.push(Buffer.from([0xff, 0xe1]), u16be(payload.length + 2), payload);
  } else {
    // JFIF 1.01, no density units, 1:1, no thumbnail.
    const jfif = Buffer.concat([Buffer.from('JFIF\0', 'latin1'), Buffer.from([1, 1, 0]), u16be(1), u16be(1), Buffer.from([0, 0])]);
    parts.push(Buffer.from([0xff, 0xe0]), u16be(jfif.length + 2), jfif);
  }
  // SOF0: precision 8, height, width, 1 component (id 1, sampling 0x11, table 0).
  const sof = Buffer.concat([Buffer.from([8]), u16be(height), u16be(width), Buffer.from([1, 1, 0x11, 0])]);
  parts.push(Buffer.from([0xff, 0xc0]), u16be(sof.length + 2), sof, Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

/** A GIF89a: header, logical screen with a two-colour table, one image, trailer. */
export function gif(width: number, height: number): Buffer {
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    u16le(width), u16le(height), Buffer.from([0x80, 0, 0]),
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    Buffer.from([0x2c]), u16le(0), u16le(0), u16le(width), u16le(height), Buffer.from([0]),
    Buffer.from([2, 2, 0x44, 0x01, 0]), // LZW minimum code size 2, one tiny data block
    Buffer.from([0x3b]),
  ]);
}

/** A lossless WebP: RIFF/WEBP with a VP8L chunk whose 14-bit fields hold width-1 and height-1. */
export function webp(width: number, height: number): Buffer {
  const w = width - 1;
  const h = height - 1;
  const bits = Buffer.from([0x2f, w & 0xff, ((w >> 8) & 0x3f) | ((h & 0x03) << 6), (h >> 2) & 0xff, (h >> 10) & 0x0f]);
  const vp8l = Buffer.concat([Buffer.from('VP8L', 'latin1'), Buffer.alloc(4), bits, Buffer.alloc(5)]);
  vp8l.writeUInt32LE(bits.length + 5, 4);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), vp8l]);
  const riff = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), body]);
  riff.writeUInt32LE(body.length, 4);
  return riff;
}

function box(type: string, ...content: Buffer[]): Buffer {
  const data = Buffer.concat(content);
  return Buffer.concat([u32be(8 + data.length), Buffer.from(type, 'latin1'), data]);
}

/** An AVIF header: ftyp (avif brand) and meta → iprp → ipco → ispe with the image size. */
export function avif(width: number, height: number): Buffer {
  const ftyp = box('ftyp', Buffer.from('avif', 'latin1'), u32be(0), Buffer.from('avifmif1miaf', 'latin1'));
  const ispe = box('ispe', u32be(0), u32be(width), u32be(height));
  const meta = box('meta', u32be(0), box('hdlr', u32be(0), u32be(0), Buffer.from('pict', 'latin1'), Buffer.alloc(13)), box('iprp', box('ipco', ispe)));
  return Buffer.concat([ftyp, meta]);
}

export function svg(attrs: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" ${attrs}><circle cx="12" cy="12" r="10"/></svg>\n`, 'utf8');
}
