// Ownership-based disposal (after VS Code's Disposable / DisposableStore): whoever creates a
// resource adds it to the store that owns it, and disposing the store disposes its resources in
// reverse order of creation, so nothing is closed while something it depends on still runs.
export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(dispose: () => unknown): Disposable {
  let done = false;
  return {
    async dispose() {
      if (done) return;
      done = true;
      await dispose();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items: Array<{ what: string; item: Disposable }> = [];
  private disposed = false;

  /** `onError` hears of a step that failed; the other steps still run. */
  constructor(private readonly onError: (what: string, err: unknown) => void = () => undefined) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T, what = 'resource'): T {
    if (this.disposed) {
      // Created after its owner went away: dispose at once rather than leak it.
      void Promise.resolve(item.dispose()).catch((err) => this.onError(what, err));
      return item;
    }
    this.items.push({ what, item });
    return item;
  }

  /** Adds a plain clean-up function. */
  defer(what: string, dispose: () => unknown): void {
    this.add(toDisposable(dispose), what);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    while (this.items.length) {
      const { what, item } = this.items.pop()!;
      try {
        await item.dispose();
      } catch (err) {
        this.onError(what, err);
      }
    }
  }
}
