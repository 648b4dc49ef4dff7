import { describe, expect, it } from 'vitest';
import { extractSlice, insertSlice, inPlaneAxes, parseSliceAxis, sliceAxisIndex, sliceId } from './volume.js';
import { pythonJson } from '../test-utils/python.js';

const diag = (a: number, b: number, c: number) => [
  [a, 0, 0, 0],
  [0, b, 0, 0],
  [0, 0, c, 0],
  [0, 0, 0, 1],
];

describe('sliceAxisIndex', () => {
  it('finds the voxel axis of each anatomical direction, as nibabel.aff2axcodes does', () => {
    const affines = [
      diag(1, 1, 3),
      // stored coronal: voxel y runs S→I, voxel z runs A→P
      [
        [-1, 0, 0, 10],
        [0, 0, -2, 5],
        [0, -1, 0, 7],
        [0, 0, 0, 1],
      ],
      // stored sagittal, slightly oblique
      [
        [0, 0.05, 3, 0],
        [0.99, 0, 0, 0],
        [0, 1, -0.05, 0],
        [0, 0, 0, 1],
      ],
    ];
    for (const a of affines) {
      // nibabel's axis codes give, per voxel axis, its world letter.
      const codes = pythonJson<string[]>(
        'import json, sys, numpy as np, nibabel as nib; print(json.dumps(list(nib.aff2axcodes(np.array(json.loads(sys.argv[1]))))))',
        JSON.stringify(a),
      );
      const axisOf = (letters: string) => codes.findIndex((c) => letters.includes(c));
      expect(sliceAxisIndex(a, 'axial')).toBe(axisOf('SI'));
      expect(sliceAxisIndex(a, 'coronal')).toBe(axisOf('AP'));
      expect(sliceAxisIndex(a, 'sagittal')).toBe(axisOf('LR'));
    }
    expect(sliceAxisIndex(diag(1, 1, 3), 'axial')).toBe(2);
  });
});

describe('extractSlice / insertSlice', () => {
  const dims = [4, 3, 2];
  const vol = Float32Array.from({ length: 24 }, (_, i) => i);
  it('reads slices with the lower remaining axis along columns', () => {
    expect(inPlaneAxes(1)).toEqual([0, 2]);
    const axial = extractSlice(vol, dims, 2, 1);
    expect([axial.width, axial.height]).toEqual([4, 3]);
    expect(Array.from(axial.data)).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
    const coronal = extractSlice(vol, dims, 1, 2); // y = 2: x along columns, z along rows
    expect([coronal.width, coronal.height]).toEqual([4, 2]);
    expect(Array.from(coronal.data)).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    const sagittal = extractSlice(vol, dims, 0, 3); // x = 3: y along columns, z along rows
    expect(Array.from(sagittal.data)).toEqual([3, 7, 11, 15, 19, 23]);
  });
  it('round-trips every slice along every axis', () => {
    for (const axis of [0, 1, 2]) {
      const out = new Float32Array(24);
      for (let k = 0; k < dims[axis]; k++) insertSlice(out, dims, axis, k, extractSlice(vol, dims, axis, k).data);
      expect(out).toEqual(vol);
    }
  });
});

describe('names', () => {
  it('numbers slices with three digits and parses axes', () => {
    expect(sliceId('V', 7)).toBe('V__s007');
    expect(parseSliceAxis('Coronal')).toBe('coronal');
    expect(() => parseSliceAxis('oblique')).toThrow(/unknown slice axis "oblique".*axial, coronal, sagittal/);
  });
});
