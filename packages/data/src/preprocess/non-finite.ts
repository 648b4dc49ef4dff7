/**
 * Non-finite source values (NaN, ±Infinity in float NIfTI, .npy or TIFF
 * files). Left in, one +Inf voxel makes the min–max range infinite and blanks
 * the whole image. They are replaced before preprocessing: +Inf by the largest
 * finite value, −Inf and NaN by the smallest; an image with no finite value
 * becomes constant 0. The caller warns with the file name and the count.
 */
export interface NonFiniteResult {
  /** The values with every non-finite one replaced (the input itself when none was found). */
  readonly data: ArrayLike<number>;
  /** How many values were replaced. */
  readonly replaced: number;
}

/** Replaces NaN and ±Infinity (see `NonFiniteResult`); returns the input itself when every value is finite. */
export function replaceNonFinite(values: ArrayLike<number>): NonFiniteResult {
  let low = Infinity;
  let high = -Infinity;
  let replaced = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < low) low = v;
      if (v > high) high = v;
    } else replaced++;
  }
  if (replaced === 0) return { data: values, replaced };
  if (low > high) low = high = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? v : v === Infinity ? high : low;
  }
  return { data: out, replaced };
}
