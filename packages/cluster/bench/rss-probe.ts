/**
 * Child process of the benchmark: reads one 128-d embedding matrix (raw float32 file written by
 * the parent, so no image decoder is loaded here), runs condensation + levels + persistent map,
 * and prints the process's peak RSS.
 */
import { readFileSync } from 'node:fs';
import { createEmbeddingMatrix, defaultConfig } from '@cuts/core';
import { clusterImage } from '../src/index.js';

const [file, sideArg] = process.argv.slice(2);
const side = Number(sideArg);
const bytes = readFileSync(file);
const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const matrix = createEmbeddingMatrix(side * side, data.length / (side * side), data);
/** Peak resident set of this process image in MB (VmHWM; getrusage's maxrss would include the forking parent). */
const peakMb = (): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN) / 1024;
const before = peakMb();
clusterImage(matrix, { height: side, width: side }, defaultConfig.cluster, ['diffusion'], 1);
console.log(JSON.stringify({ side, before_mb: Math.round(before), peak_rss_mb: Math.round(peakMb()) }));
