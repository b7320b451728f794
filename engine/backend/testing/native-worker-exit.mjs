// Child process for native-kernels.test.ts: worker threads each load the addon (argv[2]),
// run a conv on its thread pool, and exit (Node then unloads the addons they loaded); then
// the main thread uses it too. Prints "ok" and exits 0 unless that crashes the process.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const addon = process.argv[2];
const work = `
  const k = require(${JSON.stringify(addon)});
  const g = Int32Array.of(64, 32, 32, 3, 5, 5, 6, 1, 1, 0, 0, 28, 28);
  k.conv2d(g, new Float32Array(64 * 32 * 32 * 3), new Float32Array(450), null, new Float32Array(64 * 28 * 28 * 6), 0, 0);
`;
for (let i = 0; i < 3; i++) {
  const worker = new Worker(work, { eval: true });
  await new Promise((resolve, reject) => {
    worker.on('exit', resolve);
    worker.on('error', reject);
  });
}
new Function('require', work)(createRequire(import.meta.url));
console.log('ok');
