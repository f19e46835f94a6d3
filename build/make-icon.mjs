// Draws the app icon (build/icon.png, 1024×1024) with no tools beyond Node: a shop counter
// (پیشخوان) under a striped awning. electron-builder derives the .ico and .icns from it.
//   node build/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 1024;
const SAMPLES = 3;

const TEAL_TOP = [20, 128, 118];
const TEAL_BOTTOM = [13, 84, 80];
const WHITE = [255, 255, 255];
const CREAM = [253, 230, 178];
const AMBER = [245, 158, 11];

function roundedRect(x, y, left, top, right, bottom, radius) {
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 && x >= left && x <= right && y >= top && y <= bottom;
}

/** Colour at one point, or null outside the icon. */
function shade(x, y) {
  if (!roundedRect(x, y, 40, 40, 984, 984, 200)) return null;
  // Awning: five stripes with a scalloped lower edge.
  const awningLeft = 170;
  const awningRight = 854;
  const stripe = (awningRight - awningLeft) / 5;
  if (x >= awningLeft && x <= awningRight && y >= 230) {
    const index = Math.min(4, Math.floor((x - awningLeft) / stripe));
    const centre = awningLeft + stripe * (index + 0.5);
    const inScallop = (x - centre) ** 2 + (y - 400) ** 2 <= (stripe / 2) ** 2;
    if (y <= 400 || inScallop) return index % 2 === 0 ? AMBER : CREAM;
  }
  // Counter top and front.
  if (roundedRect(x, y, 190, 590, 834, 660, 24)) return WHITE;
  if (roundedRect(x, y, 230, 650, 794, 820, 20)) return CREAM;
  const t = (y - 40) / 944;
  return TEAL_TOP.map((c, i) => Math.round(c + (TEAL_BOTTOM[i] - c) * t));
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const colour = shade(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (!colour) continue;
        r += colour[0];
        g += colour[1];
        b += colour[2];
        a += 1;
      }
    }
    const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
    if (a > 0) {
      raw[offset] = Math.round(r / a);
      raw[offset + 1] = Math.round(g / a);
      raw[offset + 2] = Math.round(b / a);
    }
    raw[offset + 3] = Math.round((a / SAMPLES ** 2) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(import.meta.dirname, 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
