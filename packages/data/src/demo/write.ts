/**
 * Writes the demo dataset as a plain images/ + masks/ same-name folder that
 * loadDataset reads back (pairing rule "images-masks").
 */
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeNpy } from '../io/npy.js';
import { writeMaskPng } from '../io/png-write.js';
import { generateDemoDataset, type DemoOptions } from './generate.js';

/** Options of `writeDemoDataset`. */
export interface WriteDemoOptions extends DemoOptions {
  /** Mask file format (default 'png', values 0/255; 'npy' holds uint8 0/1). */
  readonly maskFormat?: 'png' | 'npy';
}

/** The files `writeDemoDataset` wrote. */
export interface WrittenDemo {
  readonly dir: string;
  readonly images: readonly string[];
  readonly masks: readonly string[];
}

/** Generates the demo set and writes outDir/images/<id>.png and outDir/masks/<id>.png|.npy. */
export async function writeDemoDataset(outDir: string, options: WriteDemoOptions = {}): Promise<WrittenDemo> {
  const items = generateDemoDataset(options);
  const images: string[] = [];
  const masks: string[] = [];
  for (const item of items) {
    const imagePath = path.join(outDir, 'images', `${item.id}.png`);
    const png = await sharp(item.rgb, { raw: { width: item.image.width, height: item.image.height, channels: 3 } })
      .png()
      .toBuffer();
    await writeFileAtomic(imagePath, png);
    images.push(imagePath);
    if (options.maskFormat === 'npy') {
      const maskPath = path.join(outDir, 'masks', `${item.id}.npy`);
      await writeNpy(maskPath, { shape: [item.mask.height, item.mask.width], data: item.mask.data, dtype: 'uint8' });
      masks.push(maskPath);
    } else {
      const maskPath = path.join(outDir, 'masks', `${item.id}.png`);
      await writeMaskPng(maskPath, item.mask);
      masks.push(maskPath);
    }
  }
  return { dir: outDir, images, masks };
}
