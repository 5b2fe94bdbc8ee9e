// A card session: sends commands plainly or, once access control has set one up, through the
// secure channel. Protocol steps (BAC, PACE, CA, file reading) talk to the card through this.
import type { CommandApdu, ResponseApdu } from './apdu';
import { decodeResponse, encodeCommand } from './apdu';
import type { ApduTransport } from './transport';
import type { SecureChannel } from './sm/secureMessaging';

export class CardSession {
  private channel: SecureChannel | null = null;
  constructor(readonly transport: ApduTransport) {}

  get secure(): SecureChannel | null {
    return this.channel;
  }

  setSecureChannel(channel: SecureChannel | null): void {
    this.channel = channel;
  }

  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    if (!this.channel) return decodeResponse(await this.transport.transmit(encodeCommand(cmd)));
    const raw = await this.transport.transmit(this.channel.wrap(cmd));
    return this.channel.unwrap(raw);
  }

  /** Sends without secure messaging even when a channel is set (PACE and BAC set-up steps). */
  async sendPlain(cmd: CommandApdu): Promise<ResponseApdu> {
    return decodeResponse(await this.transport.transmit(encodeCommand(cmd)));
  }
}
