// TF.js as the engine uses it: core ops, layers and the pure-JS CPU backend. Importing the
// '@tensorflow/tfjs' umbrella also loads the WebGL backend, the graph-model converter and
// tf.data, none of which run under Node here: 620 ms at every start against 440 ms for these
// (time to first batch is a target: issue 6). The WASM and native backends are loaded where
// they are selected (engine/backend).
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
