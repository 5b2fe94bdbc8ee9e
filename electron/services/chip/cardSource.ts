// What the chip service needs from the smart-card stack: the readers, a card's APDU transport,
// and events when readers come and go and cards are put on or taken off. PC/SC implements it
// (pcscCardSource.ts); unit tests use an in-memory one.
import type { ApduTransport } from '../../../chip/transport';

export interface CardReaderInfo {
  name: string;
  cardPresent: boolean;
}

export type CardSourceEvent =
  | { type: 'readers'; readers: CardReaderInfo[] }
  | { type: 'card-inserted'; reader: string }
  | { type: 'card-removed'; reader: string };

export interface CardSource {
  /** False when PC/SC cannot be used here (no binding, no pcscd), with the reason. */
  readonly available: boolean;
  readonly unavailableReason?: string;
  readers(): CardReaderInfo[];
  /** The card on `reader`, or null when there is none. */
  card(reader: string): ApduTransport | null;
  on(listener: (e: CardSourceEvent) => void): () => void;
  dispose(): void;
}
