// The checks pipeline with the trust anchors for the chip's passive authentication: what a host
// (the kiosk's embedded service, a test) passes as createIdvServer's `pipeline`, so a submitted
// session's chip data is verified against that host's CSCA store.
import { existsSync } from 'node:fs';
import { emptyStore, loadCscaStore, type CscaStore } from '../../chip/pa/cscaStore';
import type { Logger } from '../../platform/logger';
import type { PipelinePort } from '../api/apiContext';
import { analyseUploadedPage, runPipeline } from '../pipeline/runPipeline';

export function chipAwarePipeline(store: CscaStore): PipelinePort {
  return {
    runPipeline: (input) => runPipeline({ ...input, cscaStore: input.cscaStore ?? store }),
    analyseUploadedPage,
  };
}

/** The CSCA folder's store; a missing folder is an empty store (PA then says NOT_VERIFIED). */
export function serviceCscaStore(dir: string, logger: Logger): CscaStore {
  if (!existsSync(dir)) return emptyStore();
  const store = loadCscaStore(dir);
  for (const f of store.files) if (f.error) logger.warn('CSCA file not loaded', { file: f.file, error: f.error });
  return store;
}
