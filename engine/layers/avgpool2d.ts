import { definePooling } from './pooling.js';

export const avgpool2d = definePooling('avgpool2d', 'AvgPool2D', 'Averages each window, halving the image at the default 2×2.');
