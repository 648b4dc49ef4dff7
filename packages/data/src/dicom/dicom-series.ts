/**
 * A folder of DICOM files → series (grouped by SeriesInstanceUID), each
 * sorted by position along its slice normal and checked (same size and
 * orientation, no duplicate or missing slice, uniform spacing), read as a
 * SourceVolume on the series grid with a NIfTI (RAS) affine.
 *
 * Voxel (i, j, k) = column i, row j of the k-th image in normal order. World
 * position (DICOM patient LPS) = IPP_0 + i·Δc·rowDir + j·Δr·colDir + k·step,
 * and the NIfTI affine is that with x and y negated (LPS → RAS), as dcm2niix
 * and nibabel do.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError } from '@cuts/core';
import { geometryFromAffine } from '../volume/affine-geometry.js';
import type { SourceVolume } from '../volume/volume.js';
import { hasDicmPrefix, parseDicomImage, type DicomImageFile } from './dicom-file.js';

/** What a DICOM SEG needs about the source series, slice by slice in volume order. */
export interface DicomSeriesInfo {
  readonly seriesInstanceUID: string;
  readonly frameOfReferenceUID: string;
  readonly imageOrientation: readonly number[];
  /** [row spacing, column spacing] mm. */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceSpacing: number;
  readonly slices: readonly {
    readonly file: string;
    readonly sopClassUID: string;
    readonly sopInstanceUID: string;
    readonly imagePosition: readonly number[];
  }[];
  /** Patient/study attributes of the first image (copied into derived objects). */
  readonly dataset: Readonly<Record<string, unknown>>;
}

/** A DICOM series read as a volume, with its series information. */
export interface DicomVolume extends SourceVolume {
  readonly dicom: DicomSeriesInfo;
}

/** One series found in a folder (headers only). */
export interface DicomSeriesEntry {
  readonly seriesInstanceUID: string;
  readonly folder: string;
  readonly files: readonly string[];
  readonly description: string;
  readonly seriesNumber?: number;
}

const isDicomName = (name: string) => /\.(dcm|dicom|ima)$/i.test(name) || !path.extname(name);

/** DICOM files directly inside `dir` (by extension .dcm/.dicom/.ima, or no extension and the DICM preamble). */
export async function listDicomFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.') || !isDicomName(e.name)) continue;
    const full = path.join(dir, e.name);
    if (/\.(dcm|dicom|ima)$/i.test(e.name)) {
      out.push(full);
      continue;
    }
    const head = await readFile(full)
      .then((b) => b.subarray(0, 132))
      .catch(() => undefined);
    if (head && hasDicmPrefix(head)) out.push(full);
  }
  return out.sort();
}

/** The series in `dir` and (one level down) in its sub-folders, grouped by SeriesInstanceUID. */
export async function findDicomSeries(dir: string): Promise<DicomSeriesEntry[]> {
  const folders = [dir];
  for (const e of await readdir(dir, { withFileTypes: true }))
    if (e.isDirectory() && !e.name.startsWith('.')) folders.push(path.join(dir, e.name));
  const out: DicomSeriesEntry[] = [];
  for (const folder of folders) {
    const groups = new Map<string, { files: string[]; description: string; seriesNumber?: number }>();
    for (const file of await listDicomFiles(folder)) {
      const { header } = parseDicomImage(await readFile(file), file);
      const uid = header.seriesInstanceUID || '(no SeriesInstanceUID)';
      const g = groups.get(uid) ?? {
        files: [],
        description: String(header.dataset.SeriesDescription ?? ''),
        seriesNumber: Number(header.dataset.SeriesNumber) || undefined,
      };
      g.files.push(file);
      groups.set(uid, g);
    }
    for (const [uid, g] of groups) out.push({ seriesInstanceUID: uid, folder, ...g });
  }
  return out;
}

const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: readonly number[], b: readonly number[]) => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const close = (a: readonly number[], b: readonly number[], tol: number) => a.every((x, i) => Math.abs(x - b[i]) <= tol);

/** Options of `readDicomSeries`. */
export interface ReadDicomSeriesOptions {
  /** Called with warnings (missing geometry, slight spacing jitter). */
  readonly warn?: (message: string) => void;
  /** Relative spacing deviation tolerated between neighbouring slices (default 0.01 = 1 %). */
  readonly spacingTolerance?: number;
}

/** Reads one series (files of one SeriesInstanceUID) as a volume; errors name the offending file. */
export async function readDicomSeries(
  files: readonly string[],
  options: ReadDicomSeriesOptions = {},
): Promise<DicomVolume> {
  if (files.length === 0) throw new RangeError('readDicomSeries: no files');
  const parsed = await Promise.all(files.map(async (f) => parseDicomImage(await readFile(f), f)));
  const first = parsed[0].header;
  for (const { header: h } of parsed) {
    if (h.seriesInstanceUID !== first.seriesInstanceUID) {
      throw new CutsInputError(
        `mixed series: SeriesInstanceUID ${h.seriesInstanceUID} differs from ${first.seriesInstanceUID} (${path.basename(first.file)})`,
        h.file,
      );
    }
    if (h.rows !== first.rows || h.columns !== first.columns) {
      throw new CutsInputError(
        `image is ${h.rows}×${h.columns} but ${path.basename(first.file)} is ${first.rows}×${first.columns}: one series must have one size`,
        h.file,
      );
    }
  }
  const warn = options.warn ?? (() => {});
  let iop = first.imageOrientation;
  if (!iop) {
    warn(`${first.file}: no ImageOrientationPatient; assuming axial [1,0,0,0,1,0]`);
    iop = [1, 0, 0, 0, 1, 0];
  }
  for (const { header: h } of parsed) {
    if (h.imageOrientation && !close(h.imageOrientation, iop, 1e-4)) {
      throw new CutsInputError(
        `ImageOrientationPatient [${h.imageOrientation.join(', ')}] differs from ${path.basename(first.file)}'s [${iop.join(', ')}]: one series must have one orientation`,
        h.file,
      );
    }
    if (h.pixelSpacing && first.pixelSpacing && !close(h.pixelSpacing, first.pixelSpacing, 1e-4)) {
      throw new CutsInputError(
        `PixelSpacing [${h.pixelSpacing.join(', ')}] differs from ${path.basename(first.file)}'s [${first.pixelSpacing.join(', ')}]`,
        h.file,
      );
    }
  }
  const pixelSpacing = first.pixelSpacing ?? [1, 1];
  if (!first.pixelSpacing) warn(`${first.file}: no PixelSpacing; assuming 1 × 1 mm`);
  const rowDir = iop.slice(0, 3);
  const colDir = iop.slice(3, 6);
  const normal = cross(rowDir, colDir);
  const withPos = parsed.map((p, i) => {
    const pos = p.header.imagePosition;
    if (!pos && parsed.length > 1)
      throw new CutsInputError('no ImagePositionPatient: cannot order the slices of the series', p.header.file);
    return { ...p, pos: pos ?? [0, 0, 0], d: pos ? dot(pos, normal) : i };
  });
  withPos.sort((a, b) => a.d - b.d);
  let step = first.sliceThickness ?? 1;
  if (withPos.length > 1) {
    const gaps = withPos.slice(1).map((p, i) => p.d - withPos[i].d);
    for (let i = 0; i < gaps.length; i++) {
      if (gaps[i] < 1e-4) {
        throw new CutsInputError(
          `two images at the same position along the slice normal (${withPos[i].d.toFixed(3)} mm): ${path.basename(withPos[i].header.file)} and ${path.basename(withPos[i + 1].header.file)}`,
          withPos[i + 1].header.file,
        );
      }
    }
    const sorted = [...gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const tol = options.spacingTolerance ?? 0.01;
    for (let i = 0; i < gaps.length; i++) {
      const ratio = gaps[i] / median;
      if (Math.abs(ratio - 1) <= tol) continue;
      const a = path.basename(withPos[i].header.file);
      const b = withPos[i + 1].header.file;
      if (Math.abs(ratio - Math.round(ratio)) <= tol && Math.round(ratio) >= 2) {
        throw new CutsInputError(
          `missing slice(s): the gap between ${a} and ${path.basename(b)} is ${gaps[i].toFixed(3)} mm, ${Math.round(ratio)}× the series' ${median.toFixed(3)} mm spacing`,
          b,
        );
      }
      throw new CutsInputError(
        `non-uniform slice spacing: ${gaps[i].toFixed(3)} mm between ${a} and ${path.basename(b)}, the series' median is ${median.toFixed(3)} mm`,
        b,
      );
    }
    step = (withPos[withPos.length - 1].d - withPos[0].d) / (withPos.length - 1);
  }
  const nx = first.columns;
  const ny = first.rows;
  const nz = withPos.length;
  const data = new Float32Array(nx * ny * nz);
  withPos.forEach((p, k) => data.set(p.pixels(), k * nx * ny));
  const origin = withPos[0].pos;
  const stepVec =
    nz > 1 ? [0, 1, 2].map((a) => (withPos[nz - 1].pos[a] - origin[a]) / (nz - 1)) : normal.map((x) => x * step);
  const lps = [0, 1, 2].map((a) => [rowDir[a] * pixelSpacing[1], colDir[a] * pixelSpacing[0], stepVec[a], origin[a]]);
  const affine = [
    [-lps[0][0], -lps[0][1], -lps[0][2], -lps[0][3]],
    [-lps[1][0], -lps[1][1], -lps[1][2], -lps[1][3]],
    lps[2],
    [0, 0, 0, 1],
  ];
  const sliceSpacing = Math.hypot(stepVec[0], stepVec[1], stepVec[2]);
  return {
    file: path.dirname(first.file),
    format: 'dicom',
    dims: [nx, ny, nz],
    spacing: [pixelSpacing[1], pixelSpacing[0], sliceSpacing],
    affine,
    geometry: geometryFromAffine(affine),
    data,
    bitDepth: first.bitsAllocated,
    isFloat: false,
    dicom: {
      seriesInstanceUID: first.seriesInstanceUID,
      frameOfReferenceUID: String(first.dataset.FrameOfReferenceUID ?? ''),
      imageOrientation: iop,
      pixelSpacing,
      sliceSpacing,
      slices: withPos.map((p) => ({
        file: p.header.file,
        sopClassUID: p.header.sopClassUID,
        sopInstanceUID: p.header.sopInstanceUID,
        imagePosition: p.pos,
      })),
      dataset: first.dataset,
    },
  };
}

/** True when `dir` is a folder without regular images but with DICOM files (in it or one level down). */
export async function isDicomFolder(dir: string): Promise<boolean> {
  const s = await stat(dir).catch(() => undefined);
  if (!s?.isDirectory()) return false;
  if ((await listDicomFiles(dir)).length > 0) return true;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.') && (await listDicomFiles(path.join(dir, e.name))).length > 0)
      return true;
  }
  return false;
}

export type { DicomImageFile };
