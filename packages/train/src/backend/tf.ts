/**
 * The one tfjs-core namespace every tensor module of cuts-ts uses (re-exported
 * from `@cuts/train` as `tf`), so callers share the instance whose backend
 * `selectBackend` activated.
 */
import * as tf from '@tensorflow/tfjs-core';

export { tf };
