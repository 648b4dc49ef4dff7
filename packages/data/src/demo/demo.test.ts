import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../io/npy.js';
import { loadDataset } from '../dataset/load.js';
import { makeTempDir } from '../test-utils/tmp.js';
import { generateDemoDataset } from './generate.js';
import { writeDemoDataset } from './write.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

describe('demo dataset', () => {
  it('is deterministic under a seed, and image i depends only on the seed and i', () => {
    const a = generateDemoDataset({ count: 4, seed: 7 });
    const b = generateDemoDataset({ count: 4, seed: 7 });
    const prefix = generateDemoDataset({ count: 2, seed: 7 });
    const other = generateDemoDataset({ count: 4, seed: 8 });
    expect(a.map((d) => d.id)).toEqual(['demo_001', 'demo_002', 'demo_003', 'demo_004']);
    for (let i = 0; i < 4; i++) {
      expect(Buffer.compare(Buffer.from(a[i].rgb), Buffer.from(b[i].rgb))).toBe(0);
      expect(Buffer.compare(Buffer.from(a[i].mask.data), Buffer.from(b[i].mask.data))).toBe(0);
      expect(Buffer.compare(Buffer.from(a[i].rgb), Buffer.from(other[i].rgb))).not.toBe(0);
    }
    expect(Buffer.compare(Buffer.from(prefix[1].rgb), Buffer.from(a[1].rgb))).toBe(0);
  });

  it('masks cover the bright lesions: 0.5–25% foreground, lesion pixels brighter than the rest of the disc', () => {
    for (const d of generateDemoDataset({ count: 8, seed: 1, size: 96 })) {
      const n = d.mask.data.length;
      let fg = 0;
      let inSum = 0;
      let outSum = 0;
      let outN = 0;
      for (let i = 0; i < n; i++) {
        const lum = d.rgb[i * 3] + d.rgb[i * 3 + 1] + d.rgb[i * 3 + 2];
        if (d.mask.data[i]) {
          fg++;
          inSum += lum;
        } else if (lum > 60) {
          outSum += lum; // inside the fundus disc, outside lesions
          outN++;
        }
      }
      expect(fg / n).toBeGreaterThan(0.005);
      expect(fg / n).toBeLessThan(0.25);
      expect(inSum / fg).toBeGreaterThan((outSum / outN) * 1.3);
    }
  });

  it('written to disk, loads back identical through loadDataset (png and npy masks)', async () => {
    const mem = generateDemoDataset({ count: 3, seed: 5 });
    for (const maskFormat of ['png', 'npy'] as const) {
      const dir = path.join(tmp.dir, maskFormat);
      const written = await writeDemoDataset(dir, { count: 3, seed: 5, maskFormat });
      expect(written.images.map((p) => path.relative(dir, p))).toEqual([
        'images/demo_001.png',
        'images/demo_002.png',
        'images/demo_003.png',
      ]);
      const items = await loadDataset(dir, { requireMasks: true });
      expect(items.map((i) => i.id)).toEqual(mem.map((m) => m.id));
      items.forEach((item, i) => {
        expect(Array.from(item.image.data)).toEqual(Array.from(mem[i].image.data));
        expect(Array.from(item.mask!.data)).toEqual(Array.from(mem[i].mask.data));
      });
      if (maskFormat === 'npy') expect((await readNpy(written.masks[0])).dtype).toBe('uint8');
    }
  });
});
