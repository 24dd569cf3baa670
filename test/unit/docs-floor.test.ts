import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README's "On the floor" section: what a new floor user and whoever sets up their phones need to read. */
const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## On the floor'), readme.indexOf('\n## ', readme.indexOf('## On the floor') + 1));

describe('the README on the floor screens', () => {
  it('when the README is read, then an "On the floor" section covers receiving, scanners and the camera, next steps, labels, the import page and the work queue', () => {
    expect(section.length).toBeGreaterThan(1000);
    for (const words of ['Receiving', 'keyboard-wedge', 'camera', 'Next steps', 'Labels', 'Import', 'template', 'Work queue']) expect(section, words).toContain(words);
  });

  it('when it says how to reach the service from a phone, then it names HOST, that the camera needs https on a LAN address, and a reverse proxy for TLS', () => {
    expect(section).toContain('HOST=0.0.0.0');
    expect(section).toMatch(/camera needs https/i);
    expect(section).toMatch(/reverse proxy/);
    expect(section).toContain('TRUST_PROXY');
  });

  it('when its pictures are looked up, then each is a PNG under docs/ taken at a phone’s width (390 px), for intake, next steps, labels, import and the work queue', () => {
    const pictures = [...section.matchAll(/!\[[^\]]*\]\((docs\/[^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(pictures).toEqual(expect.arrayContaining(['docs/floor/intake.png', 'docs/floor/next-steps.png', 'docs/floor/label.png', 'docs/floor/import.png', 'docs/floor/work-queue.png']));
    for (const file of pictures) {
      const png = fs.readFileSync(path.join(root, file));
      expect(png.subarray(1, 4).toString('latin1'), file).toBe('PNG');
      expect(png.readUInt32BE(16), `${file} width`).toBe(390);
    }
  });
});
