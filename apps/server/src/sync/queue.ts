/** Runs tasks one after another, in the order they were added; a failing task does not stop the next. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  get pending(): number {
    return this.#pending;
  }

  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(task);
    this.#tail = result.then(
      () => { this.#pending--; },
      () => { this.#pending--; },
    );
    return result;
  }

  /** Resolves once every task added so far has finished. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
