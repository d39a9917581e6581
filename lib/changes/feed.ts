// The one subscription of this process to the database's change notifications, shared by every
// cache that must stay exact: each registers a watcher, and hears every notification, whether
// notifications are arriving, and the end of each of this instance's own transactions.
import { database, type Db } from "../../db/client";
import { listenForChanges, type Subscription } from "../../db/notifications";
import { onTransactionEnd } from "../../db/tx";

/** The channel the triggers of migrations 0002 and 0008 notify on (its name predates the list cache). */
export const CHANGE_CHANNEL = "tollgate_auth";

/** A cache kept exact by the feed. Every call starts from "drop what may be stale". */
export interface ChangeWatcher {
  /** One notification's subject: `token:<id>`, `member:<id>`, `account:<id>`, or `all` (or one unknown: drop everything). */
  invalidate(subject: string): void;
  /** true once notifications are arriving; false when some may be missed (the cache must not answer). */
  setTrusted(trusted: boolean): void;
}

interface FeedState {
  watchers: Set<ChangeWatcher>;
  listening: boolean;
  /** The database the current subscription listens to. */
  db: Db | null;
  subscription: Promise<Subscription | null> | null;
}

const FEED_KEY = Symbol.for("tollgate.changeFeed");
type FeedHolder = { [FEED_KEY]?: FeedState };

// Per process, not per bundle (the custom server's bundle and Next's each load this file).
function feed(): FeedState {
  const holder = globalThis as FeedHolder;
  return (holder[FEED_KEY] ??= (() => {
    const state: FeedState = { watchers: new Set(), listening: false, db: null, subscription: null };
    // What this instance changes is dropped as its transaction ends, before the change's
    // notification has made its way back.
    onTransactionEnd(() => {
      for (const watcher of state.watchers) watcher.invalidate("all");
    });
    return state;
  })());
}

/** Registers `watcher` (once per process: keep it on globalThis too); it starts trusted only if the feed is listening. */
export function watchChanges(watcher: ChangeWatcher): void {
  const state = feed();
  state.watchers.add(watcher);
  watcher.setTrusted(state.listening);
}

/**
 * Makes sure the feed listens to the database that is open now (call before answering from a
 * cache): a closed and reopened database gets a new subscription, and every watcher stays
 * untrusted until that one is listening.
 */
export async function followChanges(): Promise<void> {
  const state = feed();
  const db = await database();
  if (state.db !== db) subscribe(state, db);
}

function setListening(state: FeedState, listening: boolean) {
  state.listening = listening;
  for (const watcher of state.watchers) watcher.setTrusted(listening);
}

function subscribe(state: FeedState, db: Db) {
  const previous = state.subscription;
  state.db = db;
  setListening(state, false);
  // Only the newest subscription may turn the watchers on or off.
  const subscription: Promise<Subscription | null> = listenForChanges(CHANGE_CHANNEL, {
    notify: (subject) => {
      for (const watcher of state.watchers) watcher.invalidate(subject);
    },
    listening: (listening) => {
      if (state.subscription === subscription) setListening(state, listening);
    },
  }).catch(() => {
    // Not listening: the watchers stay off, and the next request tries again.
    if (state.subscription === subscription) state.db = null;
    return null;
  });
  state.subscription = subscription;
  void previous?.then((old) => old?.stop());
}
