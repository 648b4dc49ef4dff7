import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetItem } from '@cuts/core';
import { loadDataset, type LoadedItemMeta } from './load.js';

const LGG = path.resolve(__dirname, '../../../../../shared/data/lgg_volumes');

const ref = (it: DatasetItem) => (it.meta as LoadedItemMeta).volume!;

describe('loadDataset on volumes', () => {
  it('splits each 3D NIfTI into axial slices with their masks', async () => {
    const items = await loadDataset(LGG, { limit: 2 });
    expect(items).toHaveLength(40);
    expect(items[0].id).toBe('TCGA_CS_4942_19970222__s000');
    expect(items[19].id).toBe('TCGA_CS_4942_19970222__s019');
    const r = ref(items[7]);
    expect(r).toMatchObject({
      id: 'TCGA_CS_4942_19970222',
      format: 'nifti',
      sliceAxis: 'axial',
      axis: 2,
      dims: [256, 256, 20],
      spacing: [1, 1, 3],
    });
    expect(r.sliceIds).toHaveLength(20);
    expect(ref(items[0])).toBe(ref(items[19]));
    // The source table: 6 of 20 slices with tumour for this patient.
    const withTumour = items.slice(0, 20).filter((it) => it.mask!.data.some((v) => v !== 0)).length;
    expect(withTumour).toBe(6);
    expect(items[0].resize).toMatchObject({ originalHeight: 256, originalWidth: 256, resizedHeight: 128 });
  });

  it('slices along coronal and sagittal axes', async () => {
    const coronal = await loadDataset(LGG, { limit: 1, sliceAxis: 'coronal' });
    expect(coronal).toHaveLength(256);
    expect(ref(coronal[0])).toMatchObject({ sliceAxis: 'coronal', axis: 1 });
    // x along columns (256), z along rows (20): fitted into 128² keeping the aspect ratio.
    expect(coronal[0].resize).toMatchObject({
      originalWidth: 256,
      originalHeight: 20,
      resizedWidth: 128,
      resizedHeight: 10,
    });
    const sagittal = await loadDataset(LGG, { limit: 1, sliceAxis: 'sagittal' });
    expect(ref(sagittal[0]).axis).toBe(0);
  });

  it('reads a DICOM folder as series volumes', async () => {
    const items = await loadDataset(path.join(LGG, 'dicom'));
    expect(items).toHaveLength(20);
    expect(items[0].id).toBe('TCGA_CS_4943_20000902__s000');
    expect(ref(items[0])).toMatchObject({ format: 'dicom', dims: [256, 256, 20], spacing: [1, 1, 3] });
    expect(ref(items[0]).files).toHaveLength(20);
    expect(items[0].mask).toBeUndefined();
  });

  it('keeps the single-slice behaviour when niftiSlice is given', async () => {
    const items = await loadDataset(LGG, { limit: 1, niftiSlice: 10 });
    expect(items.map((i) => i.id)).toEqual(['TCGA_CS_4942_19970222']);
  });
});
