/** One scheduled event as the queue keeps it. `id` grows with every schedule call, so it is the insertion order. */
export interface QueuedEvent {
  readonly id: number;
  readonly atMs: number;
  readonly label: string;
  readonly handler: () => unknown;
}

/** Earlier time first; at the same time, the event scheduled first. */
export const fireOrder = (a: QueuedEvent, b: QueuedEvent): number => a.atMs - b.atMs || a.id - b.id;

/**
 * A binary min-heap in fire order with lazy cancellation: a cancelled event stays in the heap until it
 * reaches the top, where it is discarded. `live` holds exactly the events that will still fire.
 */
export class EventQueue {
  readonly #heap: QueuedEvent[] = [];
  readonly #live = new Map<number, QueuedEvent>();

  get size(): number {
    return this.#live.size;
  }

  push(event: QueuedEvent): void {
    this.#live.set(event.id, event);
    const heap = this.#heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (fireOrder(heap[parent]!, event) <= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }

  cancel(id: number): boolean {
    return this.#live.delete(id);
  }

  /** The next event to fire, without removing it. */
  peek(): QueuedEvent | undefined {
    while (this.#heap.length > 0 && !this.#live.has(this.#heap[0]!.id)) this.#popTop();
    return this.#heap[0];
  }

  /** Removes and returns the next event to fire. */
  pop(): QueuedEvent | undefined {
    const next = this.peek();
    if (next) {
      this.#popTop();
      this.#live.delete(next.id);
    }
    return next;
  }

  /** Every live event, in fire order. */
  list(): QueuedEvent[] {
    return [...this.#live.values()].sort(fireOrder);
  }

  #popTop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && fireOrder(heap[right]!, heap[left]!) < 0 ? right : left;
      if (fireOrder(last, heap[child]!) <= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
