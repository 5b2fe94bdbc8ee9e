// The kiosk's chip reader: picks the reader, waits for the passport to be put on it, reads it
// (chip/read/readPassport.ts), and when the card is taken off mid-read tells the person and
// starts again once it is back. The full read (data groups, portrait) stays in main, per session
// handle, until the session ends; the renderer gets a summary.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../../platform/logger';
import { errorFirstLine } from '../../../common/errorMessage';
import type { ChipReadError, ChipReadSummary, ChipReaderStatus, ChipStage } from '../../../common/ipc/chipChannels';
import { isChipError } from '../../../chip/errors';
import { mrzKeyFromLines, type MrzKey } from '../../../chip/access/mrzKey';
import { readPassport, type ChipRead, type ReadProgress } from '../../../chip/read/readPassport';
import type { CscaStore } from '../../../chip/pa/cscaStore';
import type { ApduTransport } from '../../../chip/transport';
import type { CardSource } from './cardSource';

export type ChipReadOutcome = { ok: true; summary: ChipReadSummary; read: ChipRead } | { ok: false; error: ChipReadError; message: string };

export interface ChipServiceDeps {
  source: CardSource;
  store: CscaStore;
  logger: Logger;
  onProgress?: (p: { stage: ChipStage; fraction: number | null; attempt: number }) => void;
  onReaders?: (s: ChipReaderStatus) => void;
  /** The reader to use by name (settings.chip.reader); absent = the first with a card, else the first. */
  reader?: string;
  /** Reads attempted when the card is taken off mid-read (default 3). */
  attempts?: number;
  /** How long to wait for the passport to be put on the reader (default 30 s). */
  cardWaitMs?: number;
  /** Chip reading switched off (settings), in words. */
  disabledReason?: string;
}

export interface ChipService {
  status(): ChipReaderStatus;
  read(lines: readonly string[] | MrzKey, signal?: AbortSignal): Promise<ChipReadOutcome>;
  dispose(): void;
}

function sameKey(a: MrzKey, b: MrzKey): boolean {
  return a.documentNumber === b.documentNumber && a.dateOfBirth === b.dateOfBirth && a.dateOfExpiry === b.dateOfExpiry;
}

export function summarize(reader: string, key: MrzKey, r: ChipRead, ms: number): ChipReadSummary {
  let mrzMatches = false;
  try {
    mrzMatches = r.mrz.lines.length > 0 && sameKey(mrzKeyFromLines(r.mrz.lines), key);
  } catch {
    mrzMatches = false;
  }
  const pa = r.passiveAuthentication;
  return {
    reader,
    access: r.access.protocol,
    dataGroupsRead: r.dataGroupsRead,
    mrzMatches,
    portrait: r.portrait ? { format: r.portrait.format, width: r.portrait.width, height: r.portrait.height, bytes: r.portrait.image.length } : null,
    passiveAuthentication: {
      status: pa.status,
      detail: pa.steps.find((s) => s.status === pa.status)?.detail ?? '',
      steps: pa.steps.map((s) => ({ name: s.name, status: s.status, detail: s.detail.slice(0, 400) })),
    },
    chipAuthentication: { status: r.chipAuthentication.status, detail: r.chipAuthentication.detail.slice(0, 400) },
    activeAuthentication: { status: r.activeAuthentication.status, detail: r.activeAuthentication.detail.slice(0, 400) },
    ms: Math.round(ms),
  };
}

export function createChipService(deps: ChipServiceDeps): ChipService {
  const { source, logger } = deps;
  const attempts = deps.attempts ?? 3;
  const cardWaitMs = deps.cardWaitMs ?? 30_000;

  const status = (): ChipReaderStatus => {
    if (deps.disabledReason) return { available: false, reason: deps.disabledReason, readers: [] };
    if (!source.available) return { available: false, reason: source.unavailableReason ?? 'PC/SC is not available', readers: [] };
    const readers = source.readers();
    return { available: readers.length > 0, reason: readers.length > 0 ? null : 'no chip reader is attached', readers };
  };
  const unsubscribe = source.on((e) => {
    if (e.type === 'readers') deps.onReaders?.(status());
  });

  const pickReader = (): string | null => {
    const readers = source.readers();
    if (deps.reader) return readers.find((r) => r.name === deps.reader)?.name ?? null;
    return (readers.find((r) => r.cardPresent) ?? readers[0])?.name ?? null;
  };

  /** The card on `reader`: the one there now, or the next one put on it (fresh: only a new one). */
  const waitForCard = (reader: string, fresh: boolean, signal?: AbortSignal): Promise<ApduTransport | null> => {
    const now = fresh ? null : source.card(reader);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (t: ApduTransport | null): void => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(t);
      };
      const onAbort = (): void => done(null);
      const timer = setTimeout(() => done(null), cardWaitMs);
      const off = source.on((e) => {
        if (e.type === 'card-inserted' && e.reader === reader) done(source.card(reader));
      });
      signal?.addEventListener('abort', onAbort);
    });
  };

  async function read(lines: readonly string[] | MrzKey, signal?: AbortSignal): Promise<ChipReadOutcome> {
    const s = status();
    if (!s.available) return { ok: false, error: deps.disabledReason || !source.available ? 'UNAVAILABLE' : 'NO_READER', message: s.reason ?? '' };
    let key: MrzKey;
    try {
      key = 'documentNumber' in lines ? lines : mrzKeyFromLines(lines);
    } catch (err) {
      return { ok: false, error: 'NO_MRZ', message: errorFirstLine(err) };
    }
    let removed = false;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const reader = pickReader();
      if (!reader) return { ok: false, error: 'NO_READER', message: deps.reader ? `the chip reader "${deps.reader}" is not attached` : 'no chip reader is attached' };
      if (!source.card(reader) || removed) deps.onProgress?.({ stage: removed ? 'card-removed' : 'waiting-for-card', fraction: null, attempt });
      // After a removal only a new insertion counts: the old connection may not have heard yet.
      const transport = await waitForCard(reader, removed, signal);
      if (signal?.aborted) return { ok: false, error: 'NO_CARD', message: 'the chip read was cancelled' };
      if (!transport) return { ok: false, error: removed ? 'CARD_REMOVED' : 'NO_CARD', message: removed ? 'the passport was taken off the reader and not put back' : 'no passport was put on the reader' };
      const t0 = performance.now();
      try {
        const r = await readPassport(transport, {
          key,
          store: deps.store,
          onProgress: (p: ReadProgress) =>
            deps.onProgress?.({ stage: p.stage, fraction: p.total ? Math.min(1, (p.bytes ?? 0) / p.total) : null, attempt }),
        });
        deps.onProgress?.({ stage: 'done', fraction: 1, attempt });
        const summary = summarize(reader, key, r, performance.now() - t0);
        logger.info('chip read', { reader, access: summary.access, pa: summary.passiveAuthentication.status, ca: summary.chipAuthentication.status, aa: summary.activeAuthentication.status, ms: summary.ms, attempt });
        return { ok: true, summary, read: r };
      } catch (err) {
        if (isChipError(err, 'CARD_REMOVED')) {
          logger.info('chip read interrupted: the card was taken off', { reader, attempt });
          removed = true;
          continue;
        }
        if (isChipError(err, 'ACCESS_DENIED')) return { ok: false, error: 'WRONG_MRZ', message: 'this MRZ does not open this chip' };
        logger.warn('chip read failed', { reader, error: errorFirstLine(err) });
        return { ok: false, error: 'CHIP_ERROR', message: errorFirstLine(err).slice(0, 300) };
      }
    }
    return { ok: false, error: 'CARD_REMOVED', message: `the passport was taken off the reader ${attempts} times` };
  }

  return {
    status,
    read,
    dispose: () => {
      unsubscribe();
      source.dispose();
    },
  };
}
