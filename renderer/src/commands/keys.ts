/**
 * Key bindings as written in the command list: `Mod+Shift+Z`, where Mod is Ctrl (⌘ on macOS).
 * Pure functions, no DOM, so Electron's main process can turn them into menu accelerators.
 */

export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

interface Binding { mod: boolean; alt: boolean; shift: boolean; key: string }

function parse(binding: string): Binding {
  const parts = binding.split('+');
  // "Mod+=" splits cleanly; a lone "+" would not, so bindings spell it "Plus".
  const key = parts.pop() ?? '';
  return { mod: parts.includes('Mod'), alt: parts.includes('Alt'), shift: parts.includes('Shift'), key: key === 'Plus' ? '+' : key };
}

const CODE_KEYS: Record<string, string> = { Equal: '=', Minus: '-', Slash: '/', Period: '.', Enter: 'Enter', NumpadEnter: 'Enter' };

/** The key a physical key stands for, ignoring Shift, so "Shift+1" works on any layout. */
function keyOfCode(code: string): string | null {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  return CODE_KEYS[code] ?? null;
}

export function matchesBinding(event: KeyEventLike, binding: string, isMac: boolean): boolean {
  const b = parse(binding);
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const otherMod = isMac ? event.ctrlKey : event.metaKey;
  if (mod !== b.mod || otherMod || event.altKey !== b.alt) return false;
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  const wanted = b.key.length === 1 ? b.key.toUpperCase() : b.key;
  if (key === wanted) {
    // Punctuation may need Shift just to be typed ("+" on US keyboards): ignore it unless named.
    const punctuation = wanted.length === 1 && !/^[A-Z0-9]$/.test(wanted);
    return punctuation && !b.shift ? true : event.shiftKey === b.shift;
  }
  return event.shiftKey === b.shift && keyOfCode(event.code) === wanted;
}

const MAC_SYMBOLS: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥', Enter: '↩', Delete: '⌦', Backspace: '⌫' };

/** How a binding reads in a tooltip or menu: "Ctrl+Shift+Z" or "⇧⌘Z". */
export function formatBinding(binding: string, isMac: boolean): string {
  const b = parse(binding);
  const key = b.key === '+' ? '+' : b.key;
  if (isMac) return `${b.alt ? '⌥' : ''}${b.shift ? '⇧' : ''}${b.mod ? '⌘' : ''}${MAC_SYMBOLS[key] ?? key}`;
  return [b.mod ? 'Ctrl' : '', b.alt ? 'Alt' : '', b.shift ? 'Shift' : '', key === 'Delete' ? 'Del' : key].filter(Boolean).join('+');
}

/** Electron's accelerator syntax for the same binding. */
export function toAccelerator(binding: string): string {
  const b = parse(binding);
  const key = b.key === '+' ? 'Plus' : b.key === 'Enter' ? 'Return' : b.key;
  return [b.mod ? 'CmdOrCtrl' : '', b.alt ? 'Alt' : '', b.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
