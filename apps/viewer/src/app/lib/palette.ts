/** Categorical colours for label ids: a fixed 20-colour table, then golden-angle hues. */
const BASE: ReadonlyArray<readonly [number, number, number]> = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
  [174, 199, 232],
  [255, 187, 120],
  [152, 223, 138],
  [255, 152, 150],
  [197, 176, 213],
  [196, 156, 148],
  [247, 182, 210],
  [199, 199, 199],
  [219, 219, 141],
  [158, 218, 229],
];

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** RGB colour of the `rank`-th label shown (rank, not label value, so small maps get the clearest colours). */
export function categoricalColour(rank: number): [number, number, number] {
  if (rank < BASE.length) return [...BASE[rank]] as [number, number, number];
  const hue = (rank * 137.508) % 360;
  const light = 0.45 + 0.15 * ((rank >> 1) % 2);
  return hslToRgb(hue, 0.65, light);
}

export const cssColour = ([r, g, b]: readonly number[]): string => `rgb(${r}, ${g}, ${b})`;
