import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/dashboard.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { AppController } from './app/controller.js';
import { createBrowserPlatform } from './platform/browser-platform.js';
import { createElectronPlatform } from './platform/electron-platform.js';
import type { PathPromptRequest } from './platform/page-dialogs.js';
import type { Platform } from './platform/platform.js';

// The platform's in-page dialogs need the UI store, which the controller creates from the platform.
let promptPath: (request: PathPromptRequest) => Promise<string | null> = async () => null;

const platform: Platform = window.layerloom
  ? createElectronPlatform(window.layerloom)
  : createBrowserPlatform(window, (request) => promptPath(request));

const controller = new AppController(platform);
promptPath = (request) => controller.ui.getState().promptPath(request);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App controller={controller} />
  </StrictMode>,
);
