// An in-memory CardSource: readers and software chips put on and taken off by the test.
import type { CardReaderInfo, CardSource, CardSourceEvent } from '../../../electron/services/chip/cardSource';
import type { SoftwareChip } from './softwareChip';

export class MemoryCardSource implements CardSource {
  readonly available = true;
  private readonly cards = new Map<string, SoftwareChip | null>();
  private readonly listeners = new Set<(e: CardSourceEvent) => void>();

  addReader(name: string): void {
    this.cards.set(name, null);
    this.emit({ type: 'readers', readers: this.readers() });
  }
  insert(reader: string, chip: SoftwareChip): void {
    chip.reset();
    this.cards.set(reader, chip);
    this.emit({ type: 'card-inserted', reader });
  }
  remove(reader: string): void {
    this.cards.set(reader, null);
    this.emit({ type: 'card-removed', reader });
  }
  readers(): CardReaderInfo[] {
    return [...this.cards].map(([name, chip]) => ({ name, cardPresent: chip !== null }));
  }
  card(reader: string): SoftwareChip | null {
    return this.cards.get(reader) ?? null;
  }
  on(listener: (e: CardSourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  dispose(): void {
    this.listeners.clear();
  }
  private emit(e: CardSourceEvent): void {
    [...this.listeners].forEach((l) => l(e));
  }
}
