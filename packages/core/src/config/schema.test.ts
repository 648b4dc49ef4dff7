import { describe, expect, it } from 'vitest';
import { CutsInputError } from '../errors.js';
import { defaultConfig, mergeConfigInput, parseConfig } from './schema.js';

describe('config schema', () => {
  it('fills every reference hyper-parameter as a default', () => {
    const c = defaultConfig;
    expect(c.data.imageSize).toBe(128);
    expect(c.model.channels).toEqual([16, 32, 64, 128]);
    expect(c.model.kernelSize).toBe(5);
    expect(c.model.leakySlope).toBe(0.01);
    expect(c.model.patchSize).toBe(5);
    expect(c.sampler).toMatchObject({
      anchorsPerImage: 8,
      positiveRadius: 5,
      maxTries: 20,
      ssimThreshold: 0.5,
      ssimWindow: 5,
    });
    expect(c.train).toMatchObject({
      lambda: 0.001,
      temperature: 0.1,
      learningRate: 1e-3,
      weightDecay: 1e-4,
      warmupEpochs: 10,
      warmupStartLr: 1e-6,
      epochs: 200,
      batchSize: 16,
      validationFraction: 0.3,
    });
    expect(c.cluster.spectral).toMatchObject({ k: 10, knn: 100, decay: 40, landmarks: 500, t: 2 });
    expect(c.cluster.diffusion).toMatchObject({ bandwidthGrowth: 1.025, condensationKnn: 5, knn: 100 });
    // shipped departures from the reference (2,000 landmarks on PCA 100), each with its ablation
    // on the six suite sets in docs/results.md ("A cheaper condensation potential")
    expect(c.cluster.diffusion).toMatchObject({ pcaComponents: 32, landmarks: 1000, potential: 'own' });
    expect(c.cluster.persistent).toEqual({ minPersistence: 2, minAreaFraction: 0.01 });
    expect(c.augment.hflip).toBe(false);
    expect(c.augment.jitter.enabled).toBe(false);
    expect(c.seed).toBe(1);
  });

  it('keeps user values and fills the rest', () => {
    const c = parseConfig({ train: { lambda: 0.01 }, cluster: { kmeans: { k: 4 } } });
    expect(c.train.lambda).toBe(0.01);
    expect(c.train.temperature).toBe(0.1);
    expect(c.cluster.kmeans.k).toBe(4);
    expect(c.cluster.kmeans.restarts).toBe(10);
  });

  it('names every bad key in one clear error', () => {
    let err: unknown;
    try {
      parseConfig({ train: { lambda: 2, bogus: 1 }, model: { kernelSize: 4 } }, 'my.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CutsInputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^my\.yaml: invalid configuration/);
    expect(msg).toMatch(/train\.lambda: /);
    expect(msg).toMatch(/train\.bogus: unknown key/);
    expect(msg).toMatch(/model\.kernelSize: kernel size must be odd/);
  });

  it('merges nested overrides onto a base', () => {
    expect(mergeConfigInput({ train: { epochs: 5, lambda: 0.1 }, seed: 1 }, { train: { epochs: 7 }, seed: 2 })).toEqual(
      {
        train: { epochs: 7, lambda: 0.1 },
        seed: 2,
      },
    );
  });
});
