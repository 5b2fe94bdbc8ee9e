// PC/SC through the `smartcard` N-API binding: readers listed and hot-plugged, cards connected
// as they are put on a reader. The binding is loaded when the source is opened, so a kiosk where
// it is missing (no pcscd, no build) still starts and says why the chip cannot be read.
import { createRequire } from 'node:module';
import { ChipError } from '../../../chip/errors';
import type { ApduTransport } from '../../../chip/transport';
import type { Logger } from '../../../platform/logger';
import { errorFirstLine } from '../../../common/errorMessage';
import type { CardReaderInfo, CardSource, CardSourceEvent } from './cardSource';

type SmartcardModule = typeof import('smartcard');
type Card = import('smartcard').CardInterface;

// PC/SC codes that mean the card is gone or was reset under us (winscard.h).
const GONE_CODES = new Set([0x80100069, 0x80100068, 0x8010000c, 0x80100017, 0x80100009]);

/** Maps a PC/SC failure to CARD_REMOVED when the card went away, else passes it on. */
export function pcscError(err: unknown): Error {
  const e = err as { code?: number; name?: string; message?: string };
  if (e?.name === 'CardRemovedError' || (typeof e?.code === 'number' && GONE_CODES.has(e.code >>> 0)) || /removed|reset|no smart ?card|unavailable/i.test(e?.message ?? '')) {
    return new ChipError('CARD_REMOVED', 'the card was taken off the reader');
  }
  return err instanceof Error ? err : new Error(String(err));
}

function transportFor(card: Card): ApduTransport {
  return {
    transmit: async (apdu) => {
      let answer: Buffer;
      try {
        // Room for an extended-length answer (65536 data bytes and the status word).
        answer = await card.transmit(apdu, { maxRecvLength: 65538 });
      } catch (err) {
        throw pcscError(err);
      }
      // A card that vanishes mid-exchange can leave the reader answering nothing at all (seen
      // with vpcd when the card's connection drops): no status word means no card.
      if (answer.length < 2) throw new ChipError('CARD_REMOVED', 'the card was taken off the reader');
      return answer;
    },
  };
}

export function openPcscCardSource(logger: Logger, load: () => SmartcardModule = () => createRequire(import.meta.url)('smartcard') as SmartcardModule): CardSource {
  let mod: SmartcardModule;
  try {
    mod = load();
  } catch (err) {
    const reason = `the PC/SC binding could not be loaded: ${errorFirstLine(err)}`;
    logger.warn('chip reading is not available', { reason });
    return unavailable(reason);
  }
  const devices = new mod.Devices();
  const readers = new Map<string, CardReaderInfo>();
  const cards = new Map<string, Card>();
  const listeners = new Set<(e: CardSourceEvent) => void>();
  const emit = (e: CardSourceEvent): void => listeners.forEach((l) => l(e));
  const list = (): CardReaderInfo[] => [...readers.values()].sort((a, b) => a.name.localeCompare(b.name));
  devices.on('reader-attached', (r) => {
    readers.set(r.name, { name: r.name, cardPresent: false });
    emit({ type: 'readers', readers: list() });
  });
  devices.on('reader-detached', (r) => {
    readers.delete(r.name);
    cards.delete(r.name);
    emit({ type: 'readers', readers: list() });
  });
  devices.on('card-inserted', ({ reader, card }) => {
    readers.set(reader.name, { name: reader.name, cardPresent: true });
    cards.set(reader.name, card);
    emit({ type: 'card-inserted', reader: reader.name });
    emit({ type: 'readers', readers: list() });
  });
  devices.on('card-removed', ({ reader }) => {
    readers.set(reader.name, { name: reader.name, cardPresent: false });
    cards.delete(reader.name);
    emit({ type: 'card-removed', reader: reader.name });
    emit({ type: 'readers', readers: list() });
  });
  let lastError = '';
  devices.on('error', (err) => {
    // pcscd not running or restarting: logged once per distinct message, the monitor retries.
    if (err.message !== lastError) logger.warn('PC/SC', { error: errorFirstLine(err) });
    lastError = err.message;
  });
  try {
    devices.start();
  } catch (err) {
    const reason = `PC/SC is not running: ${errorFirstLine(err)}`;
    logger.warn('chip reading is not available', { reason });
    return unavailable(reason);
  }
  return {
    available: true,
    readers: list,
    card: (name) => {
      const c = cards.get(name);
      return c ? transportFor(c) : null;
    },
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    dispose: () => {
      listeners.clear();
      devices.stop();
    },
  };
}

function unavailable(reason: string): CardSource {
  return { available: false, unavailableReason: reason, readers: () => [], card: () => null, on: () => () => undefined, dispose: () => undefined };
}
