/**
 * AdamW (Loshchilov & Hutter; PyTorch's `torch.optim.AdamW` update): decoupled
 * weight decay p ← p·(1 − lr·wd), then the bias-corrected Adam step
 * p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). tfjs ships Adam but no AdamW,
 * and its optimisers do not expose their moments for checkpoints; this one
 * keeps m, v and t as plain state that checkpoints save and restore.
 */
import { tf } from '../backend/tf.js';

export interface AdamWOptions {
  readonly weightDecay: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export class AdamW {
  readonly params: readonly tf.Variable[];
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];
  /** Steps taken. */
  step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;

  constructor(params: readonly tf.Variable[], options: AdamWOptions) {
    this.params = params;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay;
    const zeros = (p: tf.Variable): tf.Variable => {
      const z = tf.zerosLike(p);
      const v = tf.variable(z, false);
      z.dispose();
      return v;
    };
    this.m = params.map(zeros);
    this.v = params.map(zeros);
  }

  /** One update with gradients in the order of `params`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    if (grads.length !== this.params.length)
      throw new RangeError(`expected ${this.params.length} gradients, got ${grads.length}`);
    this.step += 1;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const stepSize = lr / (1 - b1 ** this.step);
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.step);
    const decay = 1 - lr * this.weightDecay;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), this.epsilon);
        p.assign(tf.sub(tf.mul(p, decay), tf.mul(tf.div(m, denom), stepSize)));
      });
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
