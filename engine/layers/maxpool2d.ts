import { definePooling } from './pooling.js';

export const maxpool2d = definePooling('maxpool2d', 'MaxPool2D', 'Keeps the largest value in each window, halving the image at the default 2×2.');
