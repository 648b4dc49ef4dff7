/** The clicked region: id, size, live Dice against the ground truth, and downloads (NIfTI; PNG for 2D). */
import { gzipSync } from 'fflate';
import { fmt, h } from '../dom.js';
import { encodeMaskPng } from '../lib/png.js';
import { encodeMaskLike } from './nifti-write.js';
import { volumeDice, type RegionSelection } from './selection.js';
import type { Volume } from './volume.js';

let urls: string[] = [];
const blobUrl = (bytes: Uint8Array, type: string) => {
  const u = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  urls.push(u);
  return u;
};

export function nativeSelectionPanel(
  sel: RegionSelection | null,
  image: Volume,
  gt: Uint8Array | null,
  fileStem: string,
  onClear: () => void,
): HTMLElement {
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  if (!sel) {
    return h(
      'div',
      { id: 'nsel-info', class: 'selection empty' },
      h(
        'p',
        { class: 'muted' },
        'Click the image: the region under the cursor at the current granularity becomes the mask (on the native grid, through the whole volume).',
      ),
    );
  }
  const is3d = image.dims[2] > 1;
  const d = gt ? volumeDice(sel.mask, gt) : Number.NaN;
  const nifti = blobUrl(gzipSync(encodeMaskLike(sel.mask, image)), 'application/gzip');
  const png = is3d
    ? null
    : blobUrl(encodeMaskPng({ width: image.dims[0], height: image.dims[1], data: sel.mask }), 'image/png');
  return h(
    'div',
    {
      id: 'nsel-info',
      class: 'selection',
      'data-voxel': sel.voxel.join(','),
      'data-label': sel.label,
      'data-voxels': sel.voxels,
      'data-dice': gt ? String(d) : '',
    },
    h(
      'p',
      {},
      `${is3d ? 'Voxel' : 'Pixel'} (${(is3d ? sel.voxel : sel.voxel.slice(0, 2)).join(', ')}) → region `,
      h('strong', { id: 'nsel-label' }, sel.label),
    ),
    h(
      'p',
      {},
      'Size ',
      h('strong', { id: 'nsel-size' }, `${sel.voxels} ${is3d ? 'voxels' : 'pixels'}`),
      ` = ${fmt(sel.size, 1)} ${sel.sizeUnit}`,
    ),
    gt
      ? h('p', {}, 'Dice vs ground truth ', h('strong', { id: 'nsel-dice' }, fmt(d, 4)))
      : h('p', { class: 'muted' }, 'No ground truth for this image.'),
    h(
      'p',
      {},
      h('a', { id: 'download-nifti', class: 'button', href: nifti, download: `${fileStem}.nii.gz` }, 'Download NIfTI'),
      ' ',
      png
        ? h('a', { id: 'download-png', class: 'button', href: png, download: `${fileStem}.png` }, 'Download PNG')
        : '',
      ' ',
      h('button', { type: 'button', onclick: onClear }, 'Clear'),
    ),
  );
}
