import { defineActivation } from './activation.js';

export const relu = defineActivation('relu', 'ReLU', 'max(0, x): the usual choice after Conv2D and Dense.');
