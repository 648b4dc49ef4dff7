/** report.md's per-image section (worst first), linking each score to its overlay when one was written. */
import { renderPerImageTable, type ImageScore } from '@cuts/eval';

export function renderPerImageSection(rows: readonly ImageScore[], overlays: ReadonlySet<string>): string {
  const link = (method: string, image: string) => {
    const rel = `overlays/${method}/${image}.png`;
    return overlays.has(rel) ? rel : undefined;
  };
  const table = renderPerImageTable(rows, { overlayLink: link });
  return table ? `${table}\n` : '';
}
