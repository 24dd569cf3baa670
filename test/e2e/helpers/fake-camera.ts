import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * A fake camera for Chromium (--use-file-for-fake-video-capture): a Y4M video whose
 * frames show a picture (a PNG screenshot, e.g. of a label's QR code) on white, so the
 * dashboard's camera scanner can be driven end to end in a headless browser.
 */

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are) to luma. */
export function pngToLuma(png: Buffer): { width: number; height: number; luma: Uint8Array } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      colorType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!bpp) throw new Error(`PNG colour type ${colorType} not supported`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? px[y * stride + x - bpp]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp]! : 0;
      let p: number;
      if (filter === 0) p = v;
      else if (filter === 1) p = v + a;
      else if (filter === 2) p = v + b;
      else if (filter === 3) p = v + ((a + b) >> 1);
      else {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      px[y * stride + x] = p & 0xff;
    }
  }
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    luma[i] = Math.round(0.299 * px[i * bpp]! + 0.587 * px[i * bpp + 1]! + 0.114 * px[i * bpp + 2]!);
  }
  return { width, height, luma };
}

/** Writes a grey Y4M video of `frames` frames, the picture scaled by `scale` and centred on white. */
export function writeFakeCamera(file: string, picture: ReturnType<typeof pngToLuma>, { width = 640, height = 480, scale = 3, frames = 10 } = {}) {
  const y = new Uint8Array(width * height).fill(255);
  const ox = Math.floor((width - picture.width * scale) / 2);
  const oy = Math.floor((height - picture.height * scale) / 2);
  for (let py = 0; py < picture.height * scale; py++) {
    for (let px = 0; px < picture.width * scale; px++) {
      const X = ox + px;
      const Y = oy + py;
      if (X < 0 || Y < 0 || X >= width || Y >= height) continue;
      y[Y * width + X] = picture.luma[Math.floor(py / scale) * picture.width + Math.floor(px / scale)]!;
    }
  }
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
