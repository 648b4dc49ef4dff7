import { describe, expect, it } from 'vitest';
import { isInputError } from '@cuts/core/browser';
import { pathSegments, RUN_FILES, RUN_MARKERS, RUN_TOP_LEVEL_ENTRIES, runPaths } from './index.js';

describe('run-folder paths', () => {
  it('are relative POSIX paths in the documented layout', () => {
    expect(runPaths.image('img 1')).toBe('images/img 1.png');
    expect(runPaths.labels('kmeans', 'a')).toBe('labels/kmeans/a.png');
    expect(runPaths.level('a', 12)).toBe('labels/diffusion_levels/a/12.png');
    expect(runPaths.nativeLabels('kmeans', 'V', '.nii.gz')).toBe('labels_native/kmeans/V.nii.gz');
    expect(runPaths.nativeSeg('kmeans', 'V')).toBe('labels_native/kmeans/V.seg.dcm');
    expect(runPaths.nativeLevel('V', 0, '.nii.gz')).toBe('labels_native/diffusion_levels/V/0.nii.gz');
    expect(runPaths.embedding('a')).toBe('embeddings/a.npy');
    expect(runPaths.overlay('otsu', 'a')).toBe('overlays/otsu/a.png');
    expect(runPaths.checkpoint('best')).toBe('model/best');
    expect(RUN_FILES.levelsIndex).toBe('labels/diffusion_levels/index.json');
    expect(pathSegments(runPaths.level('img 3', 2))).toEqual(['labels', 'diffusion_levels', 'img 3', '2.png']);
  });

  it('list every top-level name once, the marker and the folders of nested files included', () => {
    expect([...RUN_TOP_LEVEL_ENTRIES].sort()).toEqual([
      'config.json',
      'cuts-run.json',
      'demo-data',
      'embeddings',
      'images',
      'images_native',
      'labels',
      'labels_native',
      'masks',
      'masks_native',
      'metrics.csv',
      'model',
      'native',
      'overlays',
      'queue',
      'recon',
      'report.md',
      'state.json',
      'summary.json',
    ]);
    for (const m of RUN_MARKERS) expect(RUN_TOP_LEVEL_ENTRIES).toContain(m);
  });

  it('refuse a name that would leave its folder', () => {
    for (const bad of ['../x', 'a/b', '..', '', 'a\\b']) {
      let err: unknown;
      try {
        runPaths.labels('kmeans', bad);
      } catch (e) {
        err = e;
      }
      expect(isInputError(err), bad).toBe(true);
      expect((err as Error).message).toMatch(/cannot be used as a file name in a run folder/);
    }
    expect(() => runPaths.labels('../kmeans', 'a')).toThrow(/method "..\/kmeans"/);
  });
});
