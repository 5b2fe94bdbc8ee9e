// Entry point of the IDV store. Implementation lands next; the signature is final.
import type { IdvStore, OpenIdvStoreOptions } from './types';

export * from './types';

export async function openIdvStore(options: OpenIdvStoreOptions): Promise<IdvStore> {
  void options;
  throw new Error('openIdvStore: not implemented yet');
}
