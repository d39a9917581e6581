import type { ChangeWatcher } from "./feed";

/** A notification's subject: `kind:id`, or a kind alone (`all`, or one this version does not know; `id` empty). */
export function parseSubject(subject: string): { kind: string; id: string } {
  const colon = subject.indexOf(":");
  return colon < 0 ? { kind: subject, id: "" } : { kind: subject.slice(0, colon), id: subject.slice(colon + 1) };
}

/**
 * What every cache the change feed keeps exact shares: it answers only while trusted
 * (notifications are arriving), starts empty whenever trust changes, and a generation that
 * advances with every change it applies, so that what was read before a change is not kept.
 */
export abstract class WatchedCache implements ChangeWatcher {
  #generation = 0;
  #trusted = false;

  get trusted(): boolean {
    return this.#trusted;
  }

  /** Read before reading the database; hand it back when keeping what was read. */
  get generation(): number {
    return this.#generation;
  }

  /** Turns the cache on (notifications are arriving) or off (they may not be); either way it starts empty. */
  setTrusted(trusted: boolean): void {
    this.#trusted = trusted;
    this.#generation++;
    this.clear();
  }

  abstract invalidate(subject: string): void;

  /** Whether what was read at `generation` may be kept: trusted, and no change applied since. */
  protected mayKeep(generation: number): boolean {
    return this.#trusted && generation === this.#generation;
  }

  /** A change was applied: reads begun before it may not be kept. */
  protected advance(): void {
    this.#generation++;
  }

  protected abstract clear(): void;
}
