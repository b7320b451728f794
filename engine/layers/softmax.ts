import { defineActivation } from './activation.js';

export const softmax = defineActivation('softmax', 'Softmax', 'Turns scores into probabilities. Optional before Output: the loss already applies it.');
