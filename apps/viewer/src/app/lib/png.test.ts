import { decode } from 'fast-png';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeLabelPng, decodeMaskPng, encodeMaskPng } from './png.js';

const raw = (width: number, height: number, channels: 1 | 3) => ({ raw: { width, height, channels } });

describe('decodeLabelPng', () => {
  it('decodes 16-bit grey label maps exactly, including values above 255', async () => {
    const values = Uint16Array.from([0, 1, 255, 256, 300, 1000, 65535, 7, 4096, 12345, 2, 3]);
    const png = await sharp(values, raw(4, 3, 1))
      .toColourspace('grey16')
      .png()
      .toBuffer();
    const map = decodeLabelPng(png);
    expect([map.width, map.height]).toEqual([4, 3]);
    expect(Array.from(map.data)).toEqual(Array.from(values));
  });

  it('decodes 8-bit grey label maps exactly', async () => {
    const values = Uint8Array.from([0, 1, 2, 3, 4, 5, 250, 255]);
    const png = await sharp(Buffer.from(values), raw(2, 4, 1))
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const map = decodeLabelPng(png);
    expect([map.width, map.height]).toEqual([2, 4]);
    expect(Array.from(map.data)).toEqual(Array.from(values));
  });

  it('accepts RGB label maps with R = G = B and refuses colour ones', async () => {
    const grey = Buffer.from([7, 7, 7, 9, 9, 9]);
    expect(
      Array.from(
        decodeLabelPng(
          await sharp(grey, raw(2, 1, 3))
            .png()
            .toBuffer(),
        ).data,
      ),
    ).toEqual([7, 9]);
    const colour = Buffer.from([7, 8, 7, 9, 9, 9]);
    await expect(
      sharp(colour, raw(2, 1, 3))
        .png()
        .toBuffer()
        .then(decodeLabelPng),
    ).rejects.toThrow(/R = G = B/);
  });
});

describe('masks', () => {
  it('decodeMaskPng treats every non-zero value as foreground', async () => {
    const png = await sharp(Buffer.from([0, 255, 255, 0, 1, 0]), raw(3, 2, 1))
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect(Array.from(decodeMaskPng(png).data)).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('decodes packed 1-bit palette masks by palette colour', async () => {
    // 10 pixels wide so rows need padding bits; sharp writes 1-bit grey for two-level palettes.
    const values = Array.from({ length: 30 }, (_, i) => ((i * 7) % 3 === 0 ? 255 : 0));
    const png = await sharp(Buffer.from(values), raw(10, 3, 1))
      .toColourspace('b-w')
      .png({ palette: true, colours: 2 })
      .toBuffer();
    const meta = decode(png);
    expect([meta.depth, meta.palette?.[0]]).toEqual([1, [255, 255, 255]]); // index 0 is white here
    expect(Array.from(decodeMaskPng(png).data)).toEqual(values.map((v) => (v ? 1 : 0)));
  });

  it('encodeMaskPng round-trips through an independent decoder (sharp) as 0/255 grey', async () => {
    const mask = { width: 5, height: 2, data: Uint8Array.from([1, 0, 0, 1, 1, 0, 1, 0, 0, 0]) };
    const png = Buffer.from(encodeMaskPng(mask));
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.channels, meta.depth]).toEqual([5, 2, 1, 'uchar']);
    const data = await sharp(png).extractChannel(0).raw().toBuffer();
    expect(Array.from(data)).toEqual(Array.from(mask.data, (v) => v * 255));
  });
});
