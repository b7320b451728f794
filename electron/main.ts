// Electron's entry point (package.json "main" in the packaged app, `electron dist/electron/main.js`
// in development). It works out where the built pieces are and hands them to the shell.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { startShell } from './shell.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// Started as `electron dist/electron/main.js`, Electron would call the app "Electron" and keep
// its data under that name; pin both. Tests give each run its own data folder.
app.setName('Layerloom');
const userData = process.env.LAYERLOOM_USER_DATA_DIR;
if (userData) app.setPath('userData', path.resolve(userData));
else if (!app.isPackaged) app.setPath('userData', path.join(app.getPath('appData'), 'Layerloom'));
if (process.platform === 'win32') app.setAppUserModelId('dev.layerloom.app');
app.setAboutPanelOptions({ applicationName: 'Layerloom', copyright: 'MIT licensed' });

startShell({
  preload: path.join(here, 'preload.cjs'),
  rendererDir: path.join(root, 'dist-renderer'),
  engineEntry: path.join(here, 'engine-process.js'),
});
