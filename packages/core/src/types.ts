/**
 * Shared data types. All pixel buffers are row-major, channels interleaved
 * (index = (y * width + x) * channels + c), matching how sharp decodes images.
 */

/** A floating-point image, H × W × C, channels interleaved. */
export interface Image {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly data: Float32Array;
}

/** A binary mask (0 or 1 per pixel), H × W. */
export interface Mask {
  readonly height: number;
  readonly width: number;
  readonly data: Uint8Array;
}

/** A label map (one non-negative integer cluster id per pixel), H × W. */
export interface LabelMap {
  readonly height: number;
  readonly width: number;
  readonly data: Int32Array;
}

/** A dense row-major matrix of per-point embeddings: rows × dim float32. */
export interface EmbeddingMatrix {
  readonly rows: number;
  readonly dim: number;
  readonly data: Float32Array;
}

/** Geometry that maps a preprocessed 128² model input back to the source image. */
export interface ResizeInfo {
  /** Size of the source image before preprocessing. */
  readonly originalHeight: number;
  readonly originalWidth: number;
  /** Size of the resized content inside the model input (before padding). */
  readonly resizedHeight: number;
  readonly resizedWidth: number;
  /** Top/left offset of the resized content inside the padded model input. */
  readonly padTop: number;
  readonly padLeft: number;
}

/** One image of a dataset, preprocessed to model input, with its optional mask. */
export interface DatasetItem {
  /** Stable identifier (file stem), unique within a dataset. */
  readonly id: string;
  readonly imagePath: string;
  readonly maskPath?: string;
  /** Model input: [-1, 1], size = config image size. */
  readonly image: Image;
  /** Binary mask aligned with `image`, when one exists. */
  readonly mask?: Mask;
  readonly resize: ResizeInfo;
  /** Free-form facts about the source (bit depth, NIfTI affine, slice index…). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Shape helper: checks a buffer length against its declared shape. */
export function assertShape(what: string, length: number, expected: number): void {
  if (length !== expected) {
    throw new RangeError(`${what}: buffer has ${length} values, shape needs ${expected}`);
  }
}

/** An `Image` of the given shape (zero-filled, or over `data`, whose length is checked). */
export function createImage(height: number, width: number, channels: number, data?: Float32Array): Image {
  const buf = data ?? new Float32Array(height * width * channels);
  assertShape('image', buf.length, height * width * channels);
  return { height, width, channels, data: buf };
}

/** A `Mask` of the given shape (zero-filled, or over `data`, whose length is checked). */
export function createMask(height: number, width: number, data?: Uint8Array): Mask {
  const buf = data ?? new Uint8Array(height * width);
  assertShape('mask', buf.length, height * width);
  return { height, width, data: buf };
}

/** A `LabelMap` of the given shape (zero-filled, or over `data`, whose length is checked). */
export function createLabelMap(height: number, width: number, data?: Int32Array): LabelMap {
  const buf = data ?? new Int32Array(height * width);
  assertShape('label map', buf.length, height * width);
  return { height, width, data: buf };
}

/** An `EmbeddingMatrix` of rows × dim (zero-filled, or over `data`, whose length is checked). */
export function createEmbeddingMatrix(rows: number, dim: number, data?: Float32Array): EmbeddingMatrix {
  const buf = data ?? new Float32Array(rows * dim);
  assertShape('embedding matrix', buf.length, rows * dim);
  return { rows, dim, data: buf };
}
