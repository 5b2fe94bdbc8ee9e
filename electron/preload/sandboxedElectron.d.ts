// `electron` as the sandboxed preload sees it: the two APIs it uses, typed without Node.
// electron.d.ts starts with `/// <reference types="node" />`, so importing the real types (even
// `import type`) would give the preload all of @types/node and let `import 'node:fs'` type-check.
// tsconfig.preload.json maps 'electron' to this file; the bundle still imports the real module, and
// test/unit/boundaries/preloadTypes.test.ts checks that the real types still fit these.

/** The IPC event object; the bridge never hands it to the page. */
export type IpcRendererEvent = unknown;
export type IpcRendererListener = (event: IpcRendererEvent, ...args: unknown[]) => void;

export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcRendererListener): this;
  removeListener(channel: string, listener: IpcRendererListener): this;
}

export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export declare const contextBridge: ContextBridge;
export declare const ipcRenderer: IpcRenderer;
