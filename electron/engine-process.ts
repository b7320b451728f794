// Entry of the engine's process: an Electron utility process in the app (utilityProcess.fork),
// or a plain Node child in measure-lag.ts. Training runs here, never in main.
import { constants, setPriority } from 'node:os';
import { EngineHost } from '../engine/host/engine-host.js';
import { connectToParent, serveEngine } from './engine-service.js';

const link = connectToParent();
if (!link) {
  console.error('engine-process.js is started by Layerloom\'s main process, not directly.');
  process.exit(2);
}
// Training takes every core it can get; below-normal priority lets the window and main stay
// responsive when cores are scarce, and costs nothing when they are not.
try {
  setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not permitted in some sandboxes; training still works.
}
const host = new EngineHost();
serveEngine(link, host);
process.on('exit', () => host.dispose());
