/**
 * Which update seqs of a room a node's live document holds: every seq up to `through`, plus some above it that
 * arrived early. A gap means an update stored elsewhere has not arrived (yet): in flight, or lost with its node.
 */
export class SeqTracker {
  #through = 0;
  readonly #ahead = new Set<number>();
  #highest = 0;

  /** Every seq up to this one is in the document. */
  get through(): number {
    return this.#through;
  }

  /** The highest seq seen; greater than `through` when there is a gap. */
  get highest(): number {
    return this.#highest;
  }

  get hasGap(): boolean {
    return this.#highest > this.#through;
  }

  /** The update `seq` is in the document. */
  mark(seq: number): void {
    if (seq <= this.#through) return;
    this.#highest = Math.max(this.#highest, seq);
    this.#ahead.add(seq);
    this.#advance();
  }

  /** Every update up to `seq` is in the document (a snapshot or a read from storage). */
  markThrough(seq: number): void {
    if (seq <= this.#through) return;
    this.#through = seq;
    this.#highest = Math.max(this.#highest, seq);
    for (const s of this.#ahead) if (s <= seq) this.#ahead.delete(s);
    this.#advance();
  }

  #advance(): void {
    while (this.#ahead.delete(this.#through + 1)) this.#through++;
  }
}
