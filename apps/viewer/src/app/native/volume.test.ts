import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeMaskLike } from './nifti-write.js';
import { rasterVolume } from './raster.js';
import { decodeNifti, valueAt, voxelAxisAlong } from './volume.js';

const DATA = new URL('../../../../../../shared/data/', import.meta.url);
const VOL = new URL('lgg_volumes/TCGA_CS_4943_20000902.nii.gz', DATA);
const PNG = new URL('hc18_fetal_head_us/images/000_HC.png', DATA);

/** NIfTI-1 header fields read by hand at their spec offsets: an independent decoder. */
function rawHeader(bytes: Uint8Array) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const i16 = (o: number) => dv.getInt16(o, true);
  const f32 = (o: number) => dv.getFloat32(o, true);
  return {
    dims: [0, 1, 2, 3, 4].map((d) => i16(40 + 2 * d)),
    datatype: i16(70),
    bitpix: i16(72),
    pixdim: [1, 2, 3].map((d) => f32(76 + 4 * d)),
    voxOffset: f32(108),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [256, 260, 264, 268, 272, 276].map(f32),
    srow: [280, 296, 312].map((o) => [0, 1, 2, 3].map((c) => f32(o + 4 * c))),
    magic: String.fromCharCode(...bytes.subarray(344, 347)),
  };
}

describe('decodeNifti on a real FLAIR volume', () => {
  const gz = new Uint8Array(readFileSync(VOL));
  const raw = gunzipSync(gz);
  const ref = rawHeader(raw);
  const vol = decodeNifti(gz, 'vol');

  it('matches the header and voxels read by hand', () => {
    expect(ref.dims).toEqual([3, 256, 256, 20, 1]);
    expect(vol.dims).toEqual([256, 256, 20]);
    expect(vol.spacing).toEqual(ref.pixdim.map(Math.abs));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(vol.affine[r][c]).toBeCloseTo(ref.srow[r][c], 5);
    expect(ref.datatype).toBe(2);
    const off = ref.voxOffset;
    for (const [i, j, k] of [
      [0, 0, 0],
      [128, 100, 10],
      [255, 255, 19],
      [90, 170, 7],
    ] as const) {
      expect(valueAt(vol, [i, j, k])).toBe(raw[off + i + 256 * (j + 256 * k)]);
    }
    expect(voxelAxisAlong(vol.affine, 2)).toBe(2); // axial slices along k
    expect(voxelAxisAlong(vol.affine, 0)).toBe(0);
  });

  it('exports a mask on the source grid: same geometry fields, the mask bytes after vox_offset', () => {
    const mask = new Uint8Array(256 * 256 * 20);
    for (let p = 5000; p < 9000; p++) mask[p] = 1;
    const out = encodeMaskLike(mask, vol);
    const h = rawHeader(out);
    expect(h.dims).toEqual([3, 256, 256, 20, 1]);
    expect([h.datatype, h.bitpix, h.voxOffset, h.magic]).toEqual([2, 8, 352, 'n+1']);
    expect([h.qformCode, h.sformCode]).toEqual([ref.qformCode, ref.sformCode]);
    expect(h.quatern).toEqual(ref.quatern);
    expect(h.srow).toEqual(ref.srow);
    expect(h.pixdim).toEqual(ref.pixdim);
    expect(Buffer.compare(Buffer.from(out.subarray(352)), Buffer.from(mask))).toBe(0);
    expect(() => encodeMaskLike(mask.subarray(1), vol)).toThrow(/voxels/);
  });
});

describe('rasterVolume on a real PNG (256×173 ultrasound)', () => {
  it('keeps the native size and every pixel, rows top to bottom, and NiiVue bytes that decode back', async () => {
    const bytes = new Uint8Array(readFileSync(PNG));
    const { data, info } = await sharp(bytes).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const vol = rasterVolume(bytes, null);
    expect(vol.dims).toEqual([info.width, info.height, 1]);
    expect([vol.dims[0], vol.dims[1]]).toEqual([256, 173]);
    expect(vol.units).toBe('px');
    expect(vol.channels).toBe(1);
    expect(Array.from(vol.data as Uint8Array)).toEqual(Array.from(data));
    // row 0 sits at the top: largest y in world space
    expect(vol.affine[1][1]).toBe(-1);
    expect(vol.affine[1][3]).toBe(172);
    const back = decodeNifti(new Uint8Array(vol.niftiBytes), 'raster');
    expect(back.dims).toEqual([256, 173, 1]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(back.affine[1][3]).toBeCloseTo(172, 5);
  });
});
