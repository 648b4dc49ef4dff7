import type { NativeListing } from './native-listing.js';

/** What `GET /api/run` returns: the run folder's contents, derived from directory listings. */
export interface RunImageEntry {
  /** File stem shared by images/, masks/, recon/ and labels/<method>/ (`<name>.png`). */
  name: string;
  image: boolean;
  mask: boolean;
  recon: boolean;
  /** Methods with `labels/<method>/<name>.png`. */
  methods: string[];
  /** Diffusion level indices with `labels/diffusion_levels/<name>/<level>.png`, coarse → fine when `levelOrder` is 'index.json'. */
  levels: number[];
}

export interface RunListing {
  /** Base name of the run folder. */
  name: string;
  images: RunImageEntry[];
  /** Every method folder under labels/ (except diffusion_levels), sorted. */
  methods: string[];
  /**
   * 'index.json': levels are ordered coarse → fine by labels/diffusion_levels/index.json.
   * 'by-cluster-count': no index.json; the viewer orders levels by their number of
   * distinct labels (fewest = coarsest), ties by index.
   */
  levelOrder: 'index.json' | 'by-cluster-count';
  files: {
    config: boolean;
    summary: boolean;
    metrics: boolean;
    report: boolean;
    trainingLog: boolean;
  };
  /** Native-grid files (native/index.json, labels_native/); absent or empty for older runs. */
  native?: NativeListing;
}

/** URL (relative to the app) of a file inside the run folder. */
export function runFileUrl(...parts: string[]): string {
  return 'run/' + parts.map((p) => encodeURIComponent(p)).join('/');
}
