import { Rng, parseConfig } from '@cuts/core';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { tf } from '../backend/tf.js';
import { createCutsModel, disposeModel, namedVariables } from '../model/model.js';
import { AdamW } from '../optim/adamw.js';
import { disposeLoaded, readCheckpoint, snapshotCheckpoint, writeCheckpoint } from './checkpoint.js';

const config = parseConfig({ backend: 'wasm' });

describe('checkpoint snapshots', () => {
  beforeAll(() => prepareBackend('wasm'));

  it("hold tf.io.encodeWeights' bytes, and keep them while the model changes afterwards", async () => {
    const model = createCutsModel(3, config.model, new Rng(3));
    const params = namedVariables(model).filter((v) => v.trainable);
    const optimizer = new AdamW(
      params.map((v) => v.variable),
      { weightDecay: 1e-4 },
    );
    // one update so the optimiser moments are not zero
    optimizer.apply(
      params.map((v) => tf.onesLike(v.variable)),
      1e-3,
    );
    const named: tf.NamedTensorMap = {};
    for (const v of namedVariables(model)) named[v.name] = v.variable;
    params.forEach((p, i) => {
      named[`optimizer/m/${p.name}`] = optimizer.m[i];
      named[`optimizer/v/${p.name}`] = optimizer.v[i];
    });
    const reference = await tf.io.encodeWeights(named); // the tfjs implementation, independent of ours
    const snapshot = snapshotCheckpoint(model, optimizer);
    expect(Buffer.from(snapshot.weights).equals(Buffer.from(reference.data as ArrayBuffer))).toBe(true);
    expect(JSON.parse(snapshot.modelJson).weightsManifest[0].weights).toEqual(reference.specs);

    // the model moves on before the snapshot is written: the files hold the snapshot's epoch
    const before = Float32Array.from(params[0].variable.dataSync());
    params[0].variable.assign(tf.add(params[0].variable, 1));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuts-snap-'));
    try {
      await writeCheckpoint(dir, snapshot);
      const loaded = await readCheckpoint(dir);
      expect(Array.from(loaded.tensors[params[0].name].dataSync())).toEqual(Array.from(before));
      disposeLoaded(loaded);
      // a second snapshot replaces the first; its stale weights file is removed
      const next = snapshotCheckpoint(model);
      await writeCheckpoint(dir, next);
      expect((await readdir(dir)).sort()).toEqual(['model.json', next.weightsName].sort());
      expect(JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')).training).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
      optimizer.dispose();
      disposeModel(model);
    }
  });
});
