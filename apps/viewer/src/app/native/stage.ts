/**
 * The NiiVue canvas: one image on its native grid plus two RGBA overlay layers (label map,
 * annotations), with the view operations the controls need. Everything NiiVue-specific
 * lives here; voxels are reported in the image's own (native) voxel order, computed from
 * its affine, whatever NiiVue's internal RAS reorientation.
 */
import { DRAG_MODE, Niivue, NVImage, SLICE_TYPE } from '@niivue/niivue';
import { encodeRgbaLike } from './nifti-write.js';
import type { Vec3, Volume } from './volume.js';

import type { ViewPlane } from './layers.js';

export type { ViewPlane };
const SLICE: Record<ViewPlane, SLICE_TYPE> = {
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
};

function invert4(m: number[][]): number[][] {
  const a = m.flat();
  const inv = new Array<number>(16);
  inv[0] =
    a[5] * a[10] * a[15] -
    a[5] * a[11] * a[14] -
    a[9] * a[6] * a[15] +
    a[9] * a[7] * a[14] +
    a[13] * a[6] * a[11] -
    a[13] * a[7] * a[10];
  inv[4] =
    -a[4] * a[10] * a[15] +
    a[4] * a[11] * a[14] +
    a[8] * a[6] * a[15] -
    a[8] * a[7] * a[14] -
    a[12] * a[6] * a[11] +
    a[12] * a[7] * a[10];
  inv[8] =
    a[4] * a[9] * a[15] -
    a[4] * a[11] * a[13] -
    a[8] * a[5] * a[15] +
    a[8] * a[7] * a[13] +
    a[12] * a[5] * a[11] -
    a[12] * a[7] * a[9];
  inv[12] =
    -a[4] * a[9] * a[14] +
    a[4] * a[10] * a[13] +
    a[8] * a[5] * a[14] -
    a[8] * a[6] * a[13] -
    a[12] * a[5] * a[10] +
    a[12] * a[6] * a[9];
  inv[1] =
    -a[1] * a[10] * a[15] +
    a[1] * a[11] * a[14] +
    a[9] * a[2] * a[15] -
    a[9] * a[3] * a[14] -
    a[13] * a[2] * a[11] +
    a[13] * a[3] * a[10];
  inv[5] =
    a[0] * a[10] * a[15] -
    a[0] * a[11] * a[14] -
    a[8] * a[2] * a[15] +
    a[8] * a[3] * a[14] +
    a[12] * a[2] * a[11] -
    a[12] * a[3] * a[10];
  inv[9] =
    -a[0] * a[9] * a[15] +
    a[0] * a[11] * a[13] +
    a[8] * a[1] * a[15] -
    a[8] * a[3] * a[13] -
    a[12] * a[1] * a[11] +
    a[12] * a[3] * a[9];
  inv[13] =
    a[0] * a[9] * a[14] -
    a[0] * a[10] * a[13] -
    a[8] * a[1] * a[14] +
    a[8] * a[2] * a[13] +
    a[12] * a[1] * a[10] -
    a[12] * a[2] * a[9];
  inv[2] =
    a[1] * a[6] * a[15] -
    a[1] * a[7] * a[14] -
    a[5] * a[2] * a[15] +
    a[5] * a[3] * a[14] +
    a[13] * a[2] * a[7] -
    a[13] * a[3] * a[6];
  inv[6] =
    -a[0] * a[6] * a[15] +
    a[0] * a[7] * a[14] +
    a[4] * a[2] * a[15] -
    a[4] * a[3] * a[14] -
    a[12] * a[2] * a[7] +
    a[12] * a[3] * a[6];
  inv[10] =
    a[0] * a[5] * a[15] -
    a[0] * a[7] * a[13] -
    a[4] * a[1] * a[15] +
    a[4] * a[3] * a[13] +
    a[12] * a[1] * a[7] -
    a[12] * a[3] * a[5];
  inv[14] =
    -a[0] * a[5] * a[14] +
    a[0] * a[6] * a[13] +
    a[4] * a[1] * a[14] -
    a[4] * a[2] * a[13] -
    a[12] * a[1] * a[6] +
    a[12] * a[2] * a[5];
  inv[3] =
    -a[1] * a[6] * a[11] +
    a[1] * a[7] * a[10] +
    a[5] * a[2] * a[11] -
    a[5] * a[3] * a[10] -
    a[9] * a[2] * a[7] +
    a[9] * a[3] * a[6];
  inv[7] =
    a[0] * a[6] * a[11] -
    a[0] * a[7] * a[10] -
    a[4] * a[2] * a[11] +
    a[4] * a[3] * a[10] +
    a[8] * a[2] * a[7] -
    a[8] * a[3] * a[6];
  inv[11] =
    -a[0] * a[5] * a[11] +
    a[0] * a[7] * a[9] +
    a[4] * a[1] * a[11] -
    a[4] * a[3] * a[9] -
    a[8] * a[1] * a[7] +
    a[8] * a[3] * a[5];
  inv[15] =
    a[0] * a[5] * a[10] -
    a[0] * a[6] * a[9] -
    a[4] * a[1] * a[10] +
    a[4] * a[2] * a[9] +
    a[8] * a[1] * a[6] -
    a[8] * a[2] * a[5];
  const det = a[0] * inv[0] + a[1] * inv[4] + a[2] * inv[8] + a[3] * inv[12];
  return [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => inv[r * 4 + c] / det));
}

/** Native voxel (rounded, clamped inside the grid) of world position `mm`. */
export function worldToVoxel(inverse: number[][], dims: Vec3, mm: ArrayLike<number>): Vec3 {
  return [0, 1, 2].map((r) => {
    const v = Math.round(inverse[r][0] * mm[0] + inverse[r][1] * mm[1] + inverse[r][2] * mm[2] + inverse[r][3]);
    return Math.min(dims[r] - 1, Math.max(0, v));
  }) as Vec3;
}

export interface Stage {
  readonly nv: Niivue;
  show(image: Volume): Promise<void>;
  setLayers(labels: Uint8Array | null, annotations: Uint8Array | null): Promise<void>;
  setLabelOpacity(opacity: number): void;
  setPlane(plane: ViewPlane): void;
  zoom(factor: number): void;
  resetView(): void;
  /** Display window in image values. */
  setWindow(min: number, max: number): void;
  getWindow(): [number, number];
  moveSlice(delta: number, plane: ViewPlane): void;
  /** Native voxel under a pointer position, or null outside the image. */
  voxelAt(clientX: number, clientY: number): Vec3 | null;
  crosshairVoxel(): Vec3;
  /** Removes NiiVue's listeners and frees the WebGL context. */
  destroy(): void;
}

export async function createStage(canvas: HTMLCanvasElement, onCrosshair: (voxel: Vec3) => void): Promise<Stage> {
  const nv = new Niivue({
    backColor: [0, 0, 0, 1],
    show3Dcrosshair: false,
    crosshairColor: [0.2, 0.8, 1, 0.6],
    crosshairWidth: 1,
    isNearestInterpolation: true,
    isColorbar: false,
    isOrientCube: false,
    logLevel: 'error',
    dragAndDropEnabled: false,
    clipPlaneHotKey: 'NoKey',
    cycleClipPlaneHotKey: 'NoKey',
    viewModeHotKey: 'NoKey',
    // left: crosshair (click-to-segment), right: pan (the wheel then zooms), middle: window/level
    dragMode: DRAG_MODE.pan,
    mouseEventConfig: {
      leftButton: { primary: DRAG_MODE.crosshair },
      rightButton: DRAG_MODE.pan,
      centerButton: DRAG_MODE.windowing,
    },
    isResizeCanvas: true,
  });
  await nv.attachToCanvas(canvas);
  let image: Volume | null = null;
  let inverse: number[][] = [];
  let back: NVImage | null = null;
  let labelLayer: NVImage | null = null;
  let annotationLayer: NVImage | null = null;
  let labelOpacity = 0.5;
  let voxels = 0;
  const toVoxel = (mm: ArrayLike<number>) => worldToVoxel(inverse, image!.dims, mm);
  nv.onLocationChange = () => {
    if (image) onCrosshair(toVoxel(nv.frac2mm(nv.scene.crosshairPos)));
  };

  const layer = async (rgba: Uint8Array, name: string, opacity: number): Promise<NVImage> => {
    const bytes = encodeRgbaLike(rgba, image!);
    return NVImage.loadFromUrl({ url: name, name, buffer: bytes.buffer as ArrayBuffer, opacity });
  };
  const stage: Stage = {
    nv,
    async show(vol) {
      image = vol;
      voxels = vol.dims[0] * vol.dims[1] * vol.dims[2];
      inverse = invert4(vol.affine);
      for (const v of [...nv.volumes]) nv.removeVolume(v);
      labelLayer = annotationLayer = null;
      back = await NVImage.loadFromUrl({
        url: 'image.nii',
        name: 'image.nii',
        buffer: vol.niftiBytes.slice(0),
        colormap: 'gray',
      });
      nv.addVolume(back);
      nv.setSliceType(SLICE_TYPE.AXIAL);
    },
    async setLayers(labels, annotations) {
      if (!image) return;
      const blank = new Uint8Array(voxels * 4);
      if (!labelLayer || !annotationLayer) {
        // created once per image; later updates only replace the voxel values
        labelLayer = await layer(labels ?? blank, 'labels.nii', labelOpacity);
        annotationLayer = await layer(annotations ?? blank, 'annotations.nii', 1);
        nv.addVolume(labelLayer);
        nv.addVolume(annotationLayer);
        return;
      }
      (labelLayer.img as Uint8Array).set(labels ?? blank);
      (annotationLayer.img as Uint8Array).set(annotations ?? blank);
      nv.updateGLVolume();
    },
    setLabelOpacity(opacity) {
      labelOpacity = opacity;
      if (labelLayer) nv.setOpacity(nv.volumes.indexOf(labelLayer), opacity);
    },
    setPlane(plane) {
      nv.setSliceType(SLICE[plane]);
    },
    zoom(factor) {
      const [x, y, z, zoom] = nv.scene.pan2Dxyzmm;
      nv.setPan2Dxyzmm([x, y, z, Math.min(64, Math.max(0.25, zoom * factor))]);
    },
    resetView() {
      nv.setPan2Dxyzmm([0, 0, 0, 1]);
    },
    setWindow(min, max) {
      if (!back || !(max > min)) return;
      back.cal_min = min;
      back.cal_max = max;
      nv.updateGLVolume();
    },
    getWindow() {
      return [back?.cal_min ?? 0, back?.cal_max ?? 1];
    },
    moveSlice(delta, plane) {
      const d: Vec3 = plane === 'axial' ? [0, 0, delta] : plane === 'coronal' ? [0, delta, 0] : [delta, 0, 0];
      nv.moveCrosshairInVox(...d);
    },
    voxelAt(clientX, clientY) {
      if (!image) return null;
      const r = canvas.getBoundingClientRect();
      const dpr = nv.uiData.dpr ?? window.devicePixelRatio ?? 1;
      const frac = nv.canvasPos2frac([(clientX - r.left) * dpr, (clientY - r.top) * dpr]);
      if (frac[0] < 0 || frac[0] > 1 || frac[1] < 0 || frac[1] > 1 || frac[2] < 0 || frac[2] > 1) return null;
      return toVoxel(nv.frac2mm(frac));
    },
    crosshairVoxel() {
      return toVoxel(nv.frac2mm(nv.scene.crosshairPos));
    },
    destroy() {
      nv.cleanup();
      nv.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    },
  };
  return stage;
}
