import { defineActivation } from './activation.js';

export const tanh = defineActivation('tanh', 'Tanh', 'Squashes values into (-1, 1).');
