/** Keyboard shortcuts of the native viewer: key → action (pure, so the table is tested and documented in one place). */
export type KeyAction =
  | 'next-image'
  | 'previous-image'
  | 'coarser'
  | 'finer'
  | 'opacity-up'
  | 'opacity-down'
  | 'toggle-outline'
  | 'toggle-ground-truth'
  | 'next-slice'
  | 'previous-slice'
  | 'axial'
  | 'coronal'
  | 'sagittal'
  | 'zoom-in'
  | 'zoom-out'
  | 'reset-view'
  | 'clear-selection';

/** The shortcut table, in the order the help lists it. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; action: KeyAction; help: string }> = [
  { keys: ['n'], action: 'next-image', help: 'next image' },
  { keys: ['p'], action: 'previous-image', help: 'previous image' },
  { keys: [']'], action: 'finer', help: 'finer granularity (next diffusion level)' },
  { keys: ['['], action: 'coarser', help: 'coarser granularity' },
  { keys: ['o'], action: 'opacity-up', help: 'overlay opacity +10 %' },
  { keys: ['O'], action: 'opacity-down', help: 'overlay opacity −10 % (Shift+o)' },
  { keys: ['f'], action: 'toggle-outline', help: 'label map: fill ↔ outline' },
  { keys: ['g'], action: 'toggle-ground-truth', help: 'ground-truth outline on/off' },
  { keys: ['j', 'PageDown'], action: 'next-slice', help: 'next slice' },
  { keys: ['k', 'PageUp'], action: 'previous-slice', help: 'previous slice' },
  { keys: ['a'], action: 'axial', help: 'axial view' },
  { keys: ['c'], action: 'coronal', help: 'coronal view' },
  { keys: ['s'], action: 'sagittal', help: 'sagittal view' },
  { keys: ['+', '='], action: 'zoom-in', help: 'zoom in' },
  { keys: ['-'], action: 'zoom-out', help: 'zoom out' },
  { keys: ['0'], action: 'reset-view', help: 'reset zoom and pan' },
  { keys: ['Escape'], action: 'clear-selection', help: 'clear the clicked region' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

/** The action for a keydown, or null (modifier chords and typing in form fields are left alone). */
export function keyAction(ev: {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  targetTag?: string;
  targetType?: string;
}): KeyAction | null {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return null;
  const tag = (ev.targetTag ?? '').toUpperCase();
  const typing =
    tag === 'SELECT' ||
    tag === 'TEXTAREA' ||
    (tag === 'INPUT' && !['range', 'checkbox', 'radio', 'button'].includes(ev.targetType ?? 'text'));
  if (typing) return null;
  return BY_KEY.get(ev.key) ?? null;
}
