/**
 * Draws the extension's icons (public/icon/{16,32,48,64,96,128}.png, and docs/store/icon-300.png for Edge's listing) with no image library: a teal disc
 * with a white "reconnect" arrow ring, rasterized with 4×4 supersampling and written as PNG via
 * node:zlib. Run `node --import tsx scripts/make-icons.ts` after changing the design; the PNGs are
 * committed (the build does not need this script).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const TEAL = [0x1f, 0x7a, 0x5c];
const WHITE = [0xff, 0xff, 0xff];

/** Colour at a point of the unit square (0..1), or null for transparent. */
function sample(x: number, y: number): number[] | null {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  if (r > 0.48) return null;
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI; // -180..180, 0 = east, 90 = south
  // White ring with a gap in the upper right, and an arrow head at the gap's start.
  const inRing = r > 0.22 && r < 0.33 && !(angle > -75 && angle < -20);
  const ax = 0.5 + 0.275 * Math.cos((-20 * Math.PI) / 180);
  const ay = 0.5 + 0.275 * Math.sin((-20 * Math.PI) / 180);
  // Triangle pointing up (counter-clockwise direction of the ring end), centred on the ring end.
  const tx = x - ax;
  const ty = y - ay;
  const inHead = ty < 0.02 && ty > -0.13 && Math.abs(tx) < (ty + 0.13) * 0.85;
  return inRing || inHead ? WHITE : TEAL;
}

function draw(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const ss = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = sample((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (!c) continue;
          r += c[0]!; g += c[1]!; b += c[2]!; a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a) {
        out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((a / (ss * ss)) * 255);
      }
    }
  }
  return out;
}

// Shipped in the package (WXT lists them in the manifest): toolbar 16/32, extensions page 48,
// Firefox add-ons manager 64/96, install dialog and Chrome Web Store 128.
mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 64, 96, 128]) {
  writeFileSync(`public/icon/${size}.png`, png(size, draw(size)));
  console.log(`public/icon/${size}.png`);
}
// Store listings only (not shipped): Microsoft Edge Add-ons asks for a 300×300 logo.
mkdirSync('docs/store', { recursive: true });
for (const size of [300]) {
  writeFileSync(`docs/store/icon-${size}.png`, png(size, draw(size)));
  console.log(`docs/store/icon-${size}.png`);
}
