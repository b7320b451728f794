#!/usr/bin/env node
// Draws Layerloom's app icon (1024×1024 PNG) with no image tools: shapes as signed distance
// fields, anti-aliased, encoded with zlib. electron-builder derives the .icns/.ico from it.
// Run: node electron/resources/make-icon.mjs  (writes electron/resources/icon.png)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const mix = (a, b, t) => a + (b - a) * t;
const clamp = (v) => Math.min(1, Math.max(0, v));
/** Coverage of a shape at distance d (negative inside), with a one-pixel soft edge. */
const cover = (d) => clamp(0.5 - d);

function roundedBox(x, y, cx, cy, halfW, halfH, r) {
  const qx = Math.abs(x - cx) - halfW + r;
  const qy = Math.abs(y - cy) - halfH + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
function segment(x, y, ax, ay, bx, by, w) {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = clamp((px * dx + py * dy) / (dx * dx + dy * dy));
  return Math.hypot(px - dx * t, py - dy * t) - w;
}

// A network drawn as looms of layers: three rows of nodes, each wired to the next.
const rows = [
  { y: 300, xs: [292, 412, 532, 652, 772] },
  { y: 512, xs: [352, 512, 672] },
  { y: 724, xs: [432, 592] },
];
const wires = [];
for (let i = 0; i < rows.length - 1; i++) {
  for (const ax of rows[i].xs) for (const bx of rows[i + 1].xs) wires.push([ax, rows[i].y, bx, rows[i + 1].y]);
}

const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  pixels[row] = 0; // PNG filter: none
  for (let x = 0; x < SIZE; x++) {
    const t = (x + y) / (2 * SIZE);
    let r = mix(52, 16, t), g = mix(40, 150, t), b = mix(140, 150, t);
    const tile = cover(roundedBox(x + 0.5, y + 0.5, 512, 512, 448, 448, 200));
    let wire = 0;
    for (const [ax, ay, bx, by] of wires) wire = Math.max(wire, cover(segment(x + 0.5, y + 0.5, ax, ay, bx, by, 7)));
    r = mix(r, 255, wire * 0.55); g = mix(g, 255, wire * 0.55); b = mix(b, 255, wire * 0.55);
    let node = 0;
    for (const { y: cy, xs } of rows) for (const cx of xs) node = Math.max(node, cover(circle(x + 0.5, y + 0.5, cx, cy, 46)));
    r = mix(r, 255, node); g = mix(g, 250, node); b = mix(b, 240, node);
    const at = row + 1 + x * 4;
    pixels[at] = Math.round(r);
    pixels[at + 1] = Math.round(g);
    pixels[at + 2] = Math.round(b);
    pixels[at + 3] = Math.round(tile * 255);
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
  chunk('IDAT', deflateSync(pixels, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
