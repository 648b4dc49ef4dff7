/**
 * Dataset discovery: which files are images, which are masks, and which mask
 * belongs to which image, by configurable name rules.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError, pairingRuleSchema, type PairingRule, type PairingRuleInput } from '@cuts/core';
import { extensionOf, IMAGE_EXTENSIONS, stemOf } from './read-source.js';

export type { PairingRule, PairingRuleInput } from '@cuts/core';

/** One image with its mask (when one was found). */
export interface DatasetEntry {
  /** Image file stem, unique within the dataset. */
  readonly id: string;
  readonly imagePath: string;
  readonly maskPath?: string;
  /** Name of the rule that matched it. */
  readonly rule: string;
}

/** What `discoverDataset` found: the image/mask pairs and the files it skipped, with why. */
export interface Discovery {
  /** The rule(s) used, e.g. "images-label". */
  readonly rules: readonly string[];
  /** Sorted by id (natural order: image9 before image10). */
  readonly entries: readonly DatasetEntry[];
  /** Mask files no image claimed. */
  readonly unmatchedMasks: readonly string[];
  /** Entries that look like images but cannot be used (a broken symbolic link, say), with why. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

const EXT = '(?:png|jpe?g|tiff?|webp|bmp|npy|nii|nii\\.gz)';

/** The three layouts recognised automatically. */
export const BUILTIN_PAIRING_RULES: readonly PairingRule[] = [
  {
    // retina_ga: images/imageN.png ↔ masks/labelN.npy
    name: 'images-label',
    imageDir: 'images',
    maskDir: 'masks',
    imagePattern: `^image(?<key>.+)\\.${EXT}$`,
    maskPattern: `^label(?<key>.+)\\.${EXT}$`,
  },
  {
    // images/X.png ↔ masks/X.png (same name, any supported extension)
    name: 'images-masks',
    imageDir: 'images',
    maskDir: 'masks',
    imagePattern: `^(?<key>.+)\\.${EXT}$`,
    maskPattern: `^(?<key>.+)\\.${EXT}$`,
  },
  {
    // brain_tumor: X.nii.gz ↔ X_seg.nii.gz in one folder (also _mask, _label)
    name: 'suffix-seg',
    imageDir: '.',
    maskDir: '.',
    imagePattern: `^(?<key>.+)\\.${EXT}$`,
    maskPattern: `^(?<key>.+)_(?:seg|mask|label)\\.${EXT}$`,
  },
];

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
/** Natural, locale-independent-enough ordering of ids (image9 < image10). */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function compile(pattern: string, where: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (err) {
    throw new CutsInputError(`invalid pairing pattern /${pattern}/: ${(err as Error).message}`, where, { cause: err });
  }
}

function keyOf(re: RegExp, name: string): string | undefined {
  const m = re.exec(name);
  if (!m) return undefined;
  return m.groups?.key ?? m[1] ?? stemOf(name);
}

/**
 * The visible files of a folder, sorted. Symbolic links are followed (a link
 * to an image is an image); a broken link, or one to a folder, is reported in
 * `skipped` instead of vanishing silently.
 */
async function listFiles(dir: string, skipped?: Map<string, string>): Promise<string[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isFile()) names.push(e.name);
    else if (e.isSymbolicLink()) {
      const full = path.join(dir, e.name);
      let target: ReturnType<typeof statSync> | undefined;
      try {
        target = statSync(full);
      } catch {
        target = undefined;
      }
      if (target?.isFile()) names.push(e.name);
      else if (IMAGE_EXTENSIONS.includes(extensionOf(e.name))) {
        skipped?.set(full, target ? 'a symbolic link to something that is not a file' : 'a broken symbolic link');
      }
    }
  }
  return names.sort(compareIds);
}

interface RuleResult {
  rule: string;
  entries: DatasetEntry[];
  masks: Set<string>;
  claimedMasks: Set<string>;
}

async function applyRule(
  root: string,
  rule: PairingRule,
  taken: Set<string>,
  skipped?: Map<string, string>,
): Promise<RuleResult> {
  const imageDir = path.resolve(root, rule.imageDir);
  const maskDir = path.resolve(root, rule.maskDir ?? rule.imageDir);
  const imageRe = compile(rule.imagePattern, `pairing rule ${rule.name}`);
  const maskRe = rule.maskPattern ? compile(rule.maskPattern, `pairing rule ${rule.name}`) : undefined;
  const masksByKey = new Map<string, string>();
  const masks = new Set<string>();
  if (maskRe) {
    for (const name of await listFiles(maskDir, skipped)) {
      const key = keyOf(maskRe, name);
      if (key === undefined) continue;
      const full = path.join(maskDir, name);
      const prev = masksByKey.get(key.toLowerCase());
      if (prev)
        throw new CutsInputError(`two masks share the key "${key}": ${path.basename(prev)} and ${name}`, maskDir);
      masksByKey.set(key.toLowerCase(), full);
      masks.add(full);
    }
  }
  const entries: DatasetEntry[] = [];
  const claimedMasks = new Set<string>();
  for (const name of await listFiles(imageDir, skipped)) {
    const full = path.join(imageDir, name);
    if (masks.has(full) || taken.has(full)) continue;
    const key = keyOf(imageRe, name);
    if (key === undefined) continue;
    const maskPath = masksByKey.get(key.toLowerCase());
    if (maskPath) claimedMasks.add(maskPath);
    entries.push({ id: stemOf(name), imagePath: full, maskPath, rule: rule.name });
  }
  return { rule: rule.name, entries, masks, claimedMasks };
}

/**
 * Finds the images (and masks) of a dataset folder (or takes a single image
 * file as a one-item dataset). With `pairing: 'auto'`
 * (default) the built-in rule pairing the most images wins (ties: more images,
 * then the order of BUILTIN_PAIRING_RULES).
 */
export async function discoverDataset(
  dir: string,
  options: { pairing?: 'auto' | readonly PairingRuleInput[] } = {},
): Promise<Discovery> {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new CutsInputError('dataset folder does not exist', dir);
  if (statSync(root).isFile()) {
    // A single image file: a one-item dataset without a mask.
    if (!IMAGE_EXTENSIONS.includes(extensionOf(root))) {
      throw new CutsInputError(`not a supported image file (extensions: ${IMAGE_EXTENSIONS.join(' ')})`, dir);
    }
    return {
      rules: ['single-file'],
      entries: [{ id: stemOf(root), imagePath: root, rule: 'single-file' }],
      unmatchedMasks: [],
      skipped: [],
    };
  }
  if (!statSync(root).isDirectory()) throw new CutsInputError('dataset path is neither a folder nor a file', dir);
  const pairing = options.pairing ?? 'auto';
  const skipped = new Map<string, string>();
  let results: RuleResult[];
  if (pairing === 'auto') {
    let best: RuleResult | undefined;
    for (const rule of BUILTIN_PAIRING_RULES) {
      const r = await applyRule(root, rule, new Set(), skipped);
      const score = (x: RuleResult) => [x.claimedMasks.size, x.entries.length];
      const [p, n] = score(r);
      if (!best || p > score(best)[0] || (p === score(best)[0] && n > score(best)[1])) best = r;
    }
    results = best && best.entries.length > 0 ? [best] : [];
  } else {
    results = [];
    const taken = new Set<string>();
    for (const input of pairing) {
      const parsed = pairingRuleSchema.safeParse(input);
      if (!parsed.success)
        throw new CutsInputError(`invalid pairing rule: ${parsed.error.issues[0]?.message}`, 'data.pairing');
      const r = await applyRule(root, parsed.data, taken, skipped);
      for (const e of r.entries) taken.add(e.imagePath);
      results.push(r);
    }
  }
  const entries = results.flatMap((r) => r.entries).sort((a, b) => compareIds(a.id, b.id));
  if (entries.length === 0) {
    const rules = pairing === 'auto' ? BUILTIN_PAIRING_RULES : pairing.map((r) => pairingRuleSchema.parse(r));
    const looked = rules.map((r) => `${r.imageDir}/ /${r.imagePattern}/`).join('; ');
    throw new CutsInputError(`no images found (looked for ${looked})`, dir);
  }
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].id === entries[i - 1].id) {
      throw new CutsInputError(
        `two images share the id "${entries[i].id}": ${entries[i - 1].imagePath} and ${entries[i].imagePath}`,
        dir,
      );
    }
  }
  const claimed = new Set(results.flatMap((r) => [...r.claimedMasks]));
  const unmatchedMasks = [...new Set(results.flatMap((r) => [...r.masks]))]
    .filter((m) => !claimed.has(m))
    .sort(compareIds);
  return {
    rules: results.map((r) => r.rule),
    entries,
    unmatchedMasks,
    skipped: [...skipped].sort(([a], [b]) => compareIds(a, b)).map(([file, reason]) => ({ file, reason })),
  };
}
