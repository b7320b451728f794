import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import type { AppController } from './app/controller.js';
import { AppProvider, useTraining, useUi } from './app/hooks.js';
import { Canvas } from './canvas/Canvas.js';
import { Dashboard } from './dashboard/Dashboard.js';
import { ConfirmDialog } from './dialogs/ConfirmDialog.js';
import { ExportDialog } from './dialogs/ExportDialog.js';
import { PathPromptDialog } from './dialogs/PathPromptDialog.js';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog.js';
import { TemplatesDialog } from './dialogs/TemplatesDialog.js';
import { Palette } from './palette/Palette.js';
import { ConnectionBanner } from './shell/ConnectionBanner.js';
import { Notices } from './shell/Notices.js';
import { RecoveryBanner } from './shell/RecoveryBanner.js';
import { SidePanel } from './shell/SidePanel.js';
import { StatusBar } from './shell/StatusBar.js';
import { Toolbar } from './shell/Toolbar.js';
import { useShortcuts } from './shell/use-shortcuts.js';

export function App({ controller }: { controller: AppController }) {
  useEffect(() => controller.start(), [controller]);
  useShortcuts(controller);
  return (
    <AppProvider controller={controller}>
      <ReactFlowProvider>
        <Layout />
      </ReactFlowProvider>
    </AppProvider>
  );
}

function Layout() {
  const dialog = useUi((s) => s.dialog);
  const dashboardOpen = useUi((s) => s.dashboardOpen);
  // A signal for tests and for styling: the engine has answered.
  const engineReady = useTraining((s) => s.engineInfo !== null);
  return (
    <div className="app" data-engine={engineReady ? 'ready' : 'pending'}>
      <Toolbar />
      <ConnectionBanner />
      <RecoveryBanner />
      <div className="workspace">
        <Palette />
        <main className={dashboardOpen ? 'center with-dashboard' : 'center'}>
          <Canvas />
          {dashboardOpen && <Dashboard />}
        </main>
        <SidePanel />
      </div>
      <StatusBar />
      {dialog === 'templates' && <TemplatesDialog />}
      {dialog === 'export' && <ExportDialog />}
      {dialog === 'shortcuts' && <ShortcutsDialog />}
      <PathPromptDialog />
      <ConfirmDialog />
      <Notices />
    </div>
  );
}
