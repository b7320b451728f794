import { defineActivation } from './activation.js';

export const sigmoid = defineActivation('sigmoid', 'Sigmoid', 'Squashes values into (0, 1).');
