import { fork } from 'node:child_process';
import type { UtilityProcess } from 'electron';
import type { EngineChild } from './engine-client.js';

/** The engine as an Electron utility process: a Node process without windows, off main's thread. */
export function utilityEngineChild(start: () => UtilityProcess): EngineChild {
  const child = start();
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => { child.on('message', listener); },
    onExit: (listener) => { child.on('exit', listener); },
    kill: () => { child.kill(); },
  };
}

/** The engine as a plain Node child process: for measuring main's side without Electron. */
export function nodeEngineChild(modulePath: string): EngineChild {
  const child = fork(modulePath, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    postMessage: (message) => { child.send(message); },
    onMessage: (listener) => { child.on('message', listener); },
    onExit: (listener) => { child.on('exit', listener); },
    kill: () => { child.kill(); },
  };
}
