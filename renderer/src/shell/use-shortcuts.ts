import { useEffect } from 'react';
import { commandForKey } from '../commands/commands.js';
import type { AppController } from '../app/controller.js';

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
}

/** Keyboard shortcuts from the command list, in every host (see Platform.nativeMenu). */
export function useShortcuts(controller: AppController): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat && !event.key.startsWith('Arrow')) return;
      // A modal dialog takes the keyboard while open.
      if (controller.ui.getState().dialog || controller.ui.getState().pathPrompt || controller.ui.getState().confirm) return;
      const command = commandForKey(event, controller.isMac, inTextField(event.target));
      // The native menu caught this key already and sends the command itself.
      if (!command || controller.platform.nativeKeys?.has(command.id)) return;
      event.preventDefault();
      controller.run(command.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
