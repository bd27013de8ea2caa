/** A FIFO with O(1) push, shift and unshift: session stores can hold thousands of messages. */
export class Deque<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  /** `tally`, when given, counts the items of every deque that shares it (all session stores). */
  constructor(private readonly tally?: { count: number }) {}

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
    if (this.tally) this.tally.count++;
  }

  unshift(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1 + this.items.length) % this.items.length;
    this.items[this.head] = item;
    this.count++;
    if (this.tally) this.tally.count++;
  }

  peek(): T | undefined {
    return this.count ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (!this.count) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    if (this.tally) this.tally.count--;
    // A drained backlog gives its memory back: a quarter full halves the array (never below 16).
    if (this.items.length > 64 && this.count <= this.items.length / 4)
      this.resize(this.items.length / 2);
    return item;
  }

  /** Keeps only the items for which `keep` is true, in order; returns the removed ones. */
  filter(keep: (item: T) => boolean): T[] {
    const kept: T[] = [];
    const removed: T[] = [];
    for (const item of this) (keep(item) ? kept : removed).push(item);
    if (removed.length) {
      this.clear();
      for (const item of kept) this.push(item);
    }
    return removed;
  }

  clear(): void {
    if (this.tally) this.tally.count -= this.count;
    this.items = new Array<T | undefined>(16);
    this.head = 0;
    this.count = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) % this.items.length]!;
  }

  /** Slots held, used or not (a test watches it shrink). */
  get capacity(): number {
    return this.items.length;
  }

  private grow(): void {
    this.resize(this.items.length * 2);
  }

  private resize(size: number): void {
    const next = new Array<T | undefined>(size);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
