// What every repository of the store shares: the SQLite file, the clock, the key, the blob folder.
import type { BlobFiles } from './mediaVault';
import type { SqliteFile } from './sqliteFile';

export interface StoreContext {
  sql: SqliteFile;
  now: () => number;
  masterKey: Buffer;
  blobs: BlobFiles;
}
