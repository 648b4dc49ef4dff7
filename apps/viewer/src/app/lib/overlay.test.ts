import { describe, expect, it } from 'vitest';
import { boundaryMask, colourTable, labelCounts, renderOverlay, renderSelection } from './overlay.js';
import { categoricalColour } from './palette.js';

// 4×4 map:   0 0 1 1
//            0 0 1 1
//            2 2 2 2
//            2 2 2 2
const map = { width: 4, height: 4, data: Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]) };

describe('overlay', () => {
  it('labelCounts lists labels ascending with pixel counts', () => {
    expect(labelCounts(map)).toEqual([
      { label: 0, count: 4 },
      { label: 1, count: 4 },
      { label: 2, count: 8 },
    ]);
  });

  it('boundaryMask marks pixels with a differing 4-neighbour (hand-computed)', () => {
    // prettier-ignore
    expect(Array.from(boundaryMask(map))).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('fill mode colours every visible pixel with the label colour and the opacity as alpha', () => {
    const colours = colourTable([2, 0, 1]);
    expect(colours.get(0)).toEqual(categoricalColour(0));
    expect(colours.get(2)).toEqual(categoricalColour(2));
    const rgba = renderOverlay(map, { colours, mode: 'fill', opacity: 0.4 });
    for (let i = 0; i < 16; i++) {
      expect(Array.from(rgba.slice(i * 4, i * 4 + 4))).toEqual([...colours.get(map.data[i])!, Math.round(0.4 * 255)]);
    }
  });

  it('outline mode draws only boundary pixels; hidden labels stay transparent', () => {
    const colours = colourTable([0, 1, 2]);
    const rgba = renderOverlay(map, { colours, mode: 'outline', opacity: 1, hidden: new Set([1]) });
    const alpha = Array.from({ length: 16 }, (_, i) => rgba[i * 4 + 3]);
    // boundary & label != 1
    // prettier-ignore
    expect(alpha).toEqual([0, 255, 0, 0, 255, 255, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('renderSelection: opaque edge, faint interior, nothing outside', () => {
    const mask = { width: 3, height: 3, data: Uint8Array.from([1, 1, 0, 1, 1, 0, 0, 0, 0]) };
    const big = { width: 4, height: 4, data: Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1]) };
    const a = renderSelection(mask);
    expect(Array.from({ length: 9 }, (_, i) => a[i * 4 + 3])).toEqual([60, 255, 0, 255, 255, 0, 0, 0, 0]);
    const b = renderSelection(big);
    expect(b[(2 * 4 + 2) * 4 + 3]).toBe(60); // interior pixel (2,2)
    expect(b[(1 * 4 + 1) * 4 + 3]).toBe(255); // edge pixel (1,1)
  });
});
