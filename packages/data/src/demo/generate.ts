/**
 * A synthetic fundus-like dataset with exact masks, generated from a seed: the
 * bundled default data of the CLI (the real sets may not be redistributed).
 * Each image: a dark background, an orange fundus disc with vignetting and
 * slow shading, a bright optic disc, dark branching vessels, 1–3 pale lesion
 * blobs (the mask, exactly the pixels the lesions cover) and Gaussian noise.
 */
import { createImage, createMask, Rng, type Image, type Mask } from '@cuts/core';

/** Options of the synthetic demo dataset (count, size, seed). */
export interface DemoOptions {
  /** Number of images (default 8). */
  readonly count?: number;
  /** Side of the square images (default 128). */
  readonly size?: number;
  /** Seed (default 1). Image i depends only on the seed and i. */
  readonly seed?: number;
}

/** One synthetic demo image with its mask. */
export interface DemoImage {
  /** demo_001, demo_002, … */
  readonly id: string;
  /** 8-bit RGB pixels, H × W × 3 interleaved (what the PNG holds). */
  readonly rgb: Uint8Array;
  /** The same pixels as model input: x/255·2−1. */
  readonly image: Image;
  /** Exact lesion mask. */
  readonly mask: Mask;
}

type Rgb = [number, number, number];

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const ex = px - ax - t * dx;
  const ey = py - ay - t * dy;
  return ex * ex + ey * ey;
}

function drawVessel(
  shade: Float32Array,
  size: number,
  rng: Rng,
  x: number,
  y: number,
  angle: number,
  width: number,
  depth: number,
): void {
  const steps = 14 + rng.int(0, 10);
  const stepLen = size / 40;
  for (let s = 0; s < steps && width > 0.35; s++) {
    angle += rng.normal(0, 0.18);
    const nx = x + Math.cos(angle) * stepLen;
    const ny = y + Math.sin(angle) * stepLen;
    const r = width + 1.5;
    for (
      let py = Math.max(0, Math.floor(Math.min(y, ny) - r));
      py <= Math.min(size - 1, Math.ceil(Math.max(y, ny) + r));
      py++
    ) {
      for (
        let px = Math.max(0, Math.floor(Math.min(x, nx) - r));
        px <= Math.min(size - 1, Math.ceil(Math.max(x, nx) + r));
        px++
      ) {
        const d = Math.sqrt(segDist2(px + 0.5, py + 0.5, x, y, nx, ny));
        const a = Math.max(0, Math.min(1, width - d + 0.5)); // anti-aliased edge
        const i = py * size + px;
        shade[i] = Math.max(shade[i], a);
      }
    }
    if (depth < 2 && rng.next() < 0.12)
      drawVessel(shade, size, rng, nx, ny, angle + (rng.next() < 0.5 ? -0.7 : 0.7), width * 0.7, depth + 1);
    x = nx;
    y = ny;
    width *= 0.97;
  }
}

/** Renders one demo image from its own generator. */
function renderOne(rng: Rng, size: number, id: string): DemoImage {
  const n = size * size;
  const cx = size / 2 + rng.uniform(-0.03, 0.03) * size;
  const cy = size / 2 + rng.uniform(-0.03, 0.03) * size;
  const radius = size * rng.uniform(0.43, 0.48);
  const base: Rgb = [rng.uniform(0.7, 0.85), rng.uniform(0.3, 0.42), rng.uniform(0.1, 0.2)];
  const side = rng.next() < 0.5 ? -1 : 1;
  const odx = cx + side * radius * rng.uniform(0.45, 0.6);
  const ody = cy + radius * rng.uniform(-0.1, 0.1);
  const odr = radius * rng.uniform(0.1, 0.14);
  // Slow shading: a few broad Gaussian bumps.
  const bumps = Array.from({ length: 3 }, () => ({
    x: rng.uniform(0, size),
    y: rng.uniform(0, size),
    s: size * rng.uniform(0.2, 0.4),
    a: rng.uniform(-0.12, 0.12),
  }));
  // Vessels leave the optic disc in all directions.
  const vessel = new Float32Array(n);
  const nVessels = 5 + rng.int(0, 3);
  for (let v = 0; v < nVessels; v++) {
    const a = (2 * Math.PI * v) / nVessels + rng.normal(0, 0.25);
    drawVessel(
      vessel,
      size,
      rng,
      odx + Math.cos(a) * odr * 0.6,
      ody + Math.sin(a) * odr * 0.6,
      a,
      size / 110 + rng.uniform(0, size / 150),
      0,
    );
  }
  // Lesions: unions of rotated ellipses, inside the disc, away from the optic disc.
  const ellipses: { x: number; y: number; rx: number; ry: number; cos: number; sin: number }[] = [];
  const nLesions = 1 + rng.int(0, 3);
  for (let l = 0; l < nLesions; l++) {
    let lx = 0;
    let ly = 0;
    for (let tries = 0; tries < 50; tries++) {
      const r = radius * Math.sqrt(rng.uniform(0, 0.45));
      const t = rng.uniform(0, 2 * Math.PI);
      lx = cx + r * Math.cos(t);
      ly = cy + r * Math.sin(t);
      if (Math.hypot(lx - odx, ly - ody) > odr * 2.5) break;
    }
    const parts = 1 + rng.int(0, 3);
    for (let p = 0; p < parts; p++) {
      const t = rng.uniform(0, Math.PI);
      ellipses.push({
        x: lx + rng.normal(0, radius * 0.05),
        y: ly + rng.normal(0, radius * 0.05),
        rx: radius * rng.uniform(0.08, 0.24),
        ry: radius * rng.uniform(0.07, 0.16),
        cos: Math.cos(t),
        sin: Math.sin(t),
      });
    }
  }
  const lesionColour: Rgb = [rng.uniform(0.9, 1), rng.uniform(0.75, 0.85), rng.uniform(0.45, 0.6)];
  const rgb = new Uint8Array(n * 3);
  const mask = new Uint8Array(n);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const px = x + 0.5;
      const py = y + 0.5;
      const rr = Math.hypot(px - cx, py - cy) / radius;
      let c: Rgb = [0.02, 0.02, 0.02];
      if (rr <= 1) {
        let shading = 1 - 0.45 * rr * rr;
        for (const b of bumps) shading += b.a * Math.exp(-((px - b.x) ** 2 + (py - b.y) ** 2) / (2 * b.s * b.s));
        c = [base[0] * shading, base[1] * shading, base[2] * shading];
        const od = Math.exp(-((px - odx) ** 2 + (py - ody) ** 2) / (2 * odr * odr));
        c = [c[0] + 0.3 * od, c[1] + 0.35 * od, c[2] + 0.25 * od];
        const v = vessel[i];
        c = [c[0] * (1 - 0.35 * v), c[1] * (1 - 0.5 * v), c[2] * (1 - 0.5 * v)];
        let inLesion = false;
        for (const e of ellipses) {
          const dx = px - e.x;
          const dy = py - e.y;
          const u = (dx * e.cos + dy * e.sin) / e.rx;
          const w = (-dx * e.sin + dy * e.cos) / e.ry;
          if (u * u + w * w <= 1) {
            inLesion = true;
            break;
          }
        }
        if (inLesion && rr < 0.97) {
          mask[i] = 1;
          const mix = 0.6 + 0.15 * Math.sin(px * 0.9 + py * 0.4) * Math.cos(py * 0.7); // mottled, as GA
          c = [
            c[0] * (1 - mix) + lesionColour[0] * mix,
            c[1] * (1 - mix) + lesionColour[1] * mix,
            c[2] * (1 - mix) + lesionColour[2] * mix,
          ];
        }
      }
      for (let k = 0; k < 3; k++) {
        const v = Math.round((c[k] + rng.normal(0, 0.02)) * 255);
        rgb[i * 3 + k] = v > 0 ? (v < 255 ? v : 255) : 0;
      }
    }
  }
  const image = createImage(
    size,
    size,
    3,
    Float32Array.from(rgb, (v) => (v / 255) * 2 - 1),
  );
  return { id, rgb, image, mask: createMask(size, size, mask) };
}

/** Generates the demo images in memory, deterministically under `seed`. */
export function generateDemoDataset(options: DemoOptions = {}): DemoImage[] {
  const count = options.count ?? 8;
  const size = options.size ?? 128;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`generateDemoDataset: count must be a positive integer, got ${count}`);
  if (!Number.isInteger(size) || size < 32)
    throw new RangeError(`generateDemoDataset: size must be an integer ≥ 32, got ${size}`);
  const root = new Rng(seed);
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, i) =>
    renderOne(root.fork(), size, `demo_${String(i + 1).padStart(width, '0')}`),
  );
}
