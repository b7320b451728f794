import type { FileDialogs } from './platform.js';

export interface PathPromptRequest {
  title: string;
  label: string;
  initial: string;
  confirmLabel: string;
  hint?: string;
}

/**
 * File "dialogs" for browser mode: a page cannot browse the server's disk, so the user types a
 * path on the machine running the engine. Electron replaces these with native dialogs.
 */
export function createPageDialogs(promptPath: (request: PathPromptRequest) => Promise<string | null>): FileDialogs {
  const hint = 'A path on the machine running `npm run web`; relative paths start from the folder it was started in.';
  return {
    openProject: () => promptPath({ title: 'Open project', label: 'Project file', initial: 'model.layerloom.json', confirmLabel: 'Open', hint }),
    saveProject: (suggested) => promptPath({ title: 'Save project as', label: 'Project file', initial: suggested, confirmLabel: 'Save', hint }),
    chooseFolder: (purpose, suggested) => promptPath({
      title: purpose === 'export' ? 'Export to folder' : purpose === 'images' ? 'Choose an image folder (one subfolder per class)' : 'Use a CIFAR-10 folder',
      label: 'Folder', initial: suggested, confirmLabel: purpose === 'dataset' ? 'Use folder' : 'Choose', hint,
    }),
    chooseDatasetArchive: () => promptPath({ title: 'Import CIFAR-10', label: 'cifar-10-binary.tar.gz or extracted folder', initial: 'cifar-10-binary.tar.gz', confirmLabel: 'Import', hint }),
  };
}
