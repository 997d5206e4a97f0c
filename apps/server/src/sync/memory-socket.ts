import type { SyncSocket } from './socket';

/** One end of an in-memory socket pair: what the peer sent arrives here asynchronously, in order. */
export class MemorySocket implements SyncSocket {
  peer: MemorySocket | null = null;
  closed: { code: number; reason: string } | null = null;
  readonly bufferedAmount = 0;
  readonly #messageListeners: Array<(data: Uint8Array) => void> = [];
  readonly #closeListeners: Array<(code: number, reason: string) => void> = [];

  send(data: Uint8Array): void {
    if (this.closed) return;
    const copy = new Uint8Array(data);
    const target = this.peer;
    queueMicrotask(() => target?.deliver(copy));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    const target = this.peer;
    queueMicrotask(() => {
      this.shut(code, reason);
      target?.shut(code, reason);
    });
  }

  on(event: 'message', listener: (data: Uint8Array) => void): void;
  on(event: 'close', listener: (code: number, reason: string) => void): void;
  on(event: 'message' | 'close', listener: ((data: Uint8Array) => void) | ((code: number, reason: string) => void)): void {
    if (event === 'message') this.#messageListeners.push(listener as (data: Uint8Array) => void);
    else this.#closeListeners.push(listener as (code: number, reason: string) => void);
  }

  deliver(data: Uint8Array): void {
    if (!this.closed) for (const listener of this.#messageListeners) listener(data);
  }

  shut(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    for (const listener of this.#closeListeners) listener(code, reason);
  }
}

/** Two connected in-memory sockets: `[server, client]`. Frames are copied and delivered on a later microtask, in order. */
export function memorySocketPair(): [MemorySocket, MemorySocket] {
  const a = new MemorySocket();
  const b = new MemorySocket();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
