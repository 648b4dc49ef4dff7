/**
 * Learning rate per epoch: linear warm-up from `warmupStartLr` to the base rate
 * over `warmupEpochs`, then cosine annealing to 0 at `epochs` — the closed form
 * of pl_bolts' LinearWarmupCosineAnnealingLR the reference uses (epoch 0 runs
 * at the start rate, epoch warmup−1 and warmup at the base rate).
 */
export interface ScheduleOptions {
  readonly learningRate: number;
  readonly warmupEpochs: number;
  readonly warmupStartLr: number;
  readonly epochs: number;
  readonly minLr?: number;
}

export function learningRateAt(epoch: number, o: ScheduleOptions): number {
  const min = o.minLr ?? 0;
  if (epoch < o.warmupEpochs) {
    return o.warmupStartLr + (epoch * (o.learningRate - o.warmupStartLr)) / Math.max(1, o.warmupEpochs - 1);
  }
  const span = o.epochs - o.warmupEpochs;
  if (span <= 0) return o.learningRate;
  return min + 0.5 * (o.learningRate - min) * (1 + Math.cos((Math.PI * (epoch - o.warmupEpochs)) / span));
}
