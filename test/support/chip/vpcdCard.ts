// Puts a software chip into pcscd's virtual reader: vsmartcard's vpcd driver (loaded by pcscd)
// listens on 127.0.0.1:35963 for the virtual card, as `vicc` does it, with 2-byte big-endian
// length-prefixed frames: one byte is a control code (0 power off, 1 power on, 2 reset, 4 ATR),
// anything longer a command APDU, answered by a response APDU. Connecting is inserting the card;
// closing the socket is removing it. Debian's vicc emulates a BAC ePassport but not with data
// signed by our test PKI, so the tests relay to their own software chip this way.
import net from 'node:net';
import { isChipError } from '../../../chip/errors';
import type { SoftwareChip } from './softwareChip';

export const VPCD_PORT = 35963;

export interface VirtualCard {
  /** Pulls the card out of the reader (closes the socket). */
  remove(): Promise<void>;
  /** Whether it is in the reader. */
  readonly inserted: boolean;
}

function frame(payload: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length);
  return Buffer.concat([len, payload]);
}

/** Inserts `chip` into vpcd's reader; resolves once connected. */
export function insertVirtualCard(chip: SoftwareChip, options: { host?: string; port?: number } = {}): Promise<VirtualCard> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host ?? '127.0.0.1', port: options.port ?? VPCD_PORT });
    let buffered = Buffer.alloc(0);
    let inserted = false;
    const card: VirtualCard = {
      get inserted() {
        return inserted;
      },
      remove: () =>
        new Promise<void>((done) => {
          if (!inserted) return done();
          socket.once('close', () => done());
          socket.destroy();
        }),
    };
    socket.on('connect', () => {
      inserted = true;
      resolve(card);
    });
    socket.on('error', (err) => {
      if (!inserted) reject(err);
    });
    socket.on('close', () => {
      inserted = false;
    });
    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < 2 + len) break;
        const payload = buffered.subarray(2, 2 + len);
        buffered = buffered.subarray(2 + len);
        if (len === 1) {
          const code = payload[0];
          if (code === 0x04) socket.write(frame(chip.atr));
          else chip.reset(); // power off, power on, reset: the session is gone
          continue;
        }
        try {
          socket.write(frame(chip.process(Buffer.from(payload))));
        } catch (err) {
          // The chip simulating removal mid-read: pull the card out of the reader.
          if (isChipError(err, 'CARD_REMOVED')) socket.destroy();
          else throw err;
        }
      }
    });
  });
}
