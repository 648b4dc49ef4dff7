import type { RunListing } from '../server/run-listing.js';
import { pathSegments } from '@cuts/run-folder';
import { runFileUrl } from '../server/run-listing.js';
export { runFileUrl as runUrl };

/** URL of a file of the run, given as a run-folder path (`@cuts/run-folder`'s RUN_FILES / runPaths). */
export const runFile = (relative: string): string => runFileUrl(...pathSegments(relative));
import { decodeLabelPng, decodeMaskPng, type BinaryMask, type LabelMap } from './lib/png.js';

const bytesCache = new Map<string, Promise<Uint8Array>>();

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

export function fetchBytes(url: string): Promise<Uint8Array> {
  let p = bytesCache.get(url);
  if (!p) {
    p = fetchOk(url).then(async (r) => new Uint8Array(await r.arrayBuffer()));
    p.catch(() => bytesCache.delete(url));
    bytesCache.set(url, p);
  }
  return p;
}

const labelCache = new Map<string, Promise<LabelMap>>();
export function loadLabels(url: string): Promise<LabelMap> {
  let p = labelCache.get(url);
  if (!p) labelCache.set(url, (p = fetchBytes(url).then(decodeLabelPng)));
  return p;
}

export const loadMask = (url: string): Promise<BinaryMask> => fetchBytes(url).then(decodeMaskPng);

export const loadListing = async (): Promise<RunListing> => (await fetchOk('api/run')).json() as Promise<RunListing>;

export const loadText = async (url: string): Promise<string> => (await fetchOk(url)).text();

export const loadJson = async <T>(url: string): Promise<T> => JSON.parse(await loadText(url)) as T;

/** Loads an 8-bit image (RGB or grey) for display. */
export function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`${url}: could not load image`));
    img.src = url;
  });
}
