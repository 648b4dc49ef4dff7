/**
 * What a worker process keeps between jobs: the tensor backend (chosen once,
 * from the first job's config) and the loaded models (by run folder).
 */
import path from 'node:path';
import { disposeModel, loadCutsModel, type CutsModel, selectBackend } from '@cuts/train';
import { silentReporter, type BackendName, type Reporter } from '@cuts/core';
import { RunDir } from '../run-dir.js';
import { readRunConfig, type RunConfigFile } from '../run-config.js';

export interface WorkerResources {
  runConfig(out: string): Promise<RunConfigFile>;
  model(modelRun: string, backend: BackendName): Promise<CutsModel>;
  dispose(): void;
}

export function createWorkerResources(reporter: Reporter = silentReporter): WorkerResources {
  const models = new Map<string, Promise<CutsModel>>();
  let backend: Promise<unknown> | undefined;
  return {
    runConfig: (out) => readRunConfig(new RunDir(out)),
    async model(modelRun, preference) {
      backend ??= selectBackend(preference, reporter);
      await backend;
      const key = path.resolve(modelRun);
      let model = models.get(key);
      if (!model) {
        model = loadCutsModel(new RunDir(key).modelDir);
        models.set(key, model);
        model.catch(() => models.delete(key));
      }
      return model;
    },
    dispose() {
      for (const m of models.values()) void m.then(disposeModel, () => {});
      models.clear();
    },
  };
}
