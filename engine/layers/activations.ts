import { leakyrelu } from './leakyrelu.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { tanh } from './tanh.js';

export const activationLayers = { relu, leakyrelu, sigmoid, tanh, softmax };
