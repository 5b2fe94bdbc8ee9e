// The chip reader as the kiosk's composition root sees it: settings in (enabled, CSCA folder,
// reader), IPC handlers and events out. The MRZ a scanner read is kept here briefly as the key
// for the chip; reads stay in main per session handle and are forgotten with the session.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../../platform/logger';
import type { ChipReaderStatus, ChipStage, chipContract } from '../../../common/ipc/chipChannels';
import { ChipReadSummary } from '../../../common/ipc/chipChannels';
import type { z } from 'zod';
import { emptyStore, loadCscaStore, type CscaStore } from '../../../chip/pa/cscaStore';
import type { ChipRead } from '../../../chip/read/readPassport';
import { createChipService, type ChipService } from './chipService';
import type { CardSource } from './cardSource';
import { openPcscCardSource } from './pcscCardSource';
import { checkKey, checkTypedLines, chooseChipKey } from './chipKey';
import type { MrzKey } from '../../../chip/access/mrzKey';

export interface ChipSettings {
  enabled: boolean;
  /** CSCA certificates, master lists and CRLs; null = <dataDir>/csca when it exists. */
  cscaDir: string | null;
  /** The reader to use by name; null = any. */
  reader: string | null;
}

export const DEFAULT_CHIP_SETTINGS: ChipSettings = { enabled: true, cscaDir: null, reader: null };

type Contract = typeof chipContract;
type Handler<C extends keyof Contract> = (r: z.output<Contract[C]['request']>) => Promise<z.infer<Contract[C]['response']>>;

export interface ChipFeature {
  handlers: { getChipStatus: Handler<'getChipStatus'>; readChip: Handler<'readChip'>; cancelChipRead: Handler<'cancelChipRead'> };
  /** A hardware scanner read these lines: the key for the next chip read. */
  rememberScannerMrz(lines: readonly string[]): void;
  /** The key the service read from this session's page (its upload answer): held here, in main only. */
  rememberImageKey(handle: string, key: MrzKey): void;
  /** The full read of a session (for the upload to the service and the face match). */
  readFor(handle: string): ChipRead | null;
  forget(handle?: string): void;
  dispose(): void;
}

export interface ChipFeatureDeps {
  /** Absent: chip reading is off (hosts that do not pass settings, e.g. the e2e harness). */
  settings?: ChipSettings;
  dataDir: string;
  logger: Logger;
  onReaders(s: ChipReaderStatus): void;
  onProgress(p: { stage: ChipStage; fraction: number | null; attempt: number }): void;
  /** Tests: a card source instead of PC/SC. */
  source?: CardSource;
  /** The scanner's MRZ is a key for this long (default 10 min), then forgotten. */
  scannerMrzTtlMs?: number;
}

function openStore(settings: ChipSettings, dataDir: string, logger: Logger): CscaStore {
  const dir = settings.cscaDir ?? path.join(dataDir, 'csca');
  if (!existsSync(dir)) {
    if (settings.cscaDir) logger.warn('the CSCA folder does not exist: passive authentication will say NOT_VERIFIED', { dir });
    return emptyStore();
  }
  const store = loadCscaStore(dir);
  for (const f of store.files) if (f.error) logger.warn('CSCA file not loaded', { file: f.file, error: f.error });
  logger.info('CSCA store', { dir, cscas: store.cscas.length, crls: store.crls.length });
  return store;
}

export function createChipFeature(deps: ChipFeatureDeps): ChipFeature {
  const settings = deps.settings;
  const disabledReason = !settings ? 'chip reading is not set up on this kiosk' : !settings.enabled ? 'chip reading is switched off in the settings' : undefined;
  let service: ChipService | null = null;
  if (settings && !disabledReason) {
    service = createChipService({
      source: deps.source ?? openPcscCardSource(deps.logger),
      store: openStore(settings, deps.dataDir, deps.logger),
      logger: deps.logger,
      reader: settings.reader ?? undefined,
      onReaders: deps.onReaders,
      onProgress: deps.onProgress,
    });
  }
  const reads = new Map<string, ChipRead>();
  const running = new Map<string, AbortController>();
  let scanner: { lines: string[]; at: number } | null = null;
  const imageKeys = new Map<string, MrzKey>();
  const ttl = deps.scannerMrzTtlMs ?? 10 * 60_000;

  return {
    handlers: {
      getChipStatus: async () => service?.status() ?? { available: false, reason: disabledReason ?? null, readers: [] },
      readChip: async ({ handle, mrzLines, mrzKey }) => {
        if (!service) return { ok: false, error: 'UNAVAILABLE', message: disabledReason ?? 'chip reading is not available' };
        // Lines or fields sent from the screen were typed by staff: checked here, and they come
        // before any other key (staff type when none was known or it did not open the chip).
        const typed = mrzLines ? checkTypedLines(mrzLines) : mrzKey ? checkKey(mrzKey) : null;
        const chosen = chooseChipKey({
          scanner: scanner && Date.now() - scanner.at < ttl ? scanner.lines : null,
          image: imageKeys.get(handle) ?? null,
          typed: typed?.ok ? typed.key : null,
        });
        if (typed && !typed.ok) return { ok: false, error: 'NO_MRZ', message: `the MRZ typed is not right: ${typed.message}` };
        if (!chosen) return { ok: false, error: 'NO_MRZ', message: 'no MRZ is known for this document: scan it or type it' };
        const lines = chosen.key;
        running.get(handle)?.abort();
        const abort = new AbortController();
        running.set(handle, abort);
        try {
          const out = await service.read(lines, abort.signal);
          if (!out.ok) return out;
          reads.set(handle, out.read);
          return { ok: true, summary: ChipReadSummary.parse(out.summary) };
        } finally {
          if (running.get(handle) === abort) running.delete(handle);
        }
      },
      cancelChipRead: async ({ handle }) => {
        const r = running.get(handle);
        r?.abort();
        return { cancelled: r !== undefined };
      },
    },
    rememberScannerMrz: (lines) => {
      scanner = { lines: [...lines], at: Date.now() };
    },
    rememberImageKey: (handle, key) => {
      imageKeys.set(handle, { ...key });
    },
    readFor: (handle) => reads.get(handle) ?? null,
    forget: (handle) => {
      if (handle === undefined) {
        reads.clear();
        imageKeys.clear();
        scanner = null;
        for (const a of running.values()) a.abort();
        return;
      }
      reads.delete(handle);
      imageKeys.delete(handle);
      running.get(handle)?.abort();
      scanner = null;
    },
    dispose: () => {
      for (const a of running.values()) a.abort();
      reads.clear();
      imageKeys.clear();
      service?.dispose();
    },
  };
}
