// IndexedDB behind one lazily opened database. One short transaction per operation, and
// never a network call inside one: an awaited fetch would let the transaction auto-commit.

const NAME = "mediatap";

/** Each person's open shift is kept apart (in the meta store), so a shared phone never mixes them. */
export const openShiftKey = (userId) => `openShift:${userId}`;
// Raised by one with each new step in upgrade(); a step once released is never edited.
const VERSION = 2;

/**
 * Bring the phone's database from `oldVersion` (0 when new) to VERSION, one step per
 * version it has not seen, in order and in the one upgrade transaction: a phone that skipped
 * releases runs every step it missed, and its unsent records stay where they are.
 */
function upgrade(transaction, oldVersion) {
  const db = transaction.db;
  if (oldVersion < 1) {
    // What the phone knows of each record, with its sync state ("pending", "synced", "rejected").
    // Indexed so a tap costs the same on the first day and after a year of records.
    const records = db.createObjectStore("records", { keyPath: "id" });
    records.createIndex("byShift", "shiftId");
    records.createIndex("byShiftTime", ["shiftId", "payload.occurred_at"]);
    records.createIndex("byUserDay", ["userId", "day"]);
    records.createIndex("byUserState", ["userId", "state"]);
    // Intent records still to send, replayed oldest change first.
    const outbox = db.createObjectStore("outbox", { keyPath: "id" });
    outbox.createIndex("byUserSeq", ["userId", "seq"]);
    db.createObjectStore("meta");
  }
  if (oldVersion < 2) {
    // Today's count on the status bar, redrawn after every tap, without reading the day's
    // records (a busy day is hundreds): each record says whether it counts, an index counts.
    const records = transaction.objectStore("records");
    records.createIndex("byUserDayCounted", ["userId", "day", "counted"]);
    records.openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      cursor.update({ ...cursor.value, counted: counted(cursor.value) });
      cursor.continue();
    };
  }
  // Next: `if (oldVersion < 3) { … }` with VERSION = 3. Change stores in place: deleting one
  // would drop the records not yet sent.
}

/** 1 for a record today's count includes (an intervention not undone), else 0. */
export const counted = (record) => (record.kind === "intervention" && !record.payload.deleted ? 1 : 0);

/**
 * Told of what another tab does to the database (the page shows it, the worker ignores it):
 * "blocked" while a tab of an older version keeps it open and this one waits to upgrade it,
 * "versionchange" once a newer version asked for it and this connection was closed for it.
 */
export const databaseEvents = new EventTarget();

let opening = null;

export function openDatabase() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = (event) => upgrade(request.transaction, event.oldVersion);
      request.onblocked = () => databaseEvents.dispatchEvent(new Event("blocked"));
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          // This code is now out of date: it lets go (so the newer one can upgrade, every tap
          // so far committed) and never touches the data again; the page offers a reload.
          opening = new Promise(() => {});
          db.close();
          databaseEvents.dispatchEvent(new Event("versionchange"));
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = transaction.onerror = () => reject(transaction.error);
  });
}

function result(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function getMeta(key) {
  const db = await openDatabase();
  return result(db.transaction("meta").objectStore("meta").get(key));
}

export async function setMeta(key, value) {
  const db = await openDatabase();
  const transaction = db.transaction("meta", "readwrite");
  transaction.objectStore("meta").put(value, key);
  return done(transaction);
}

export async function getRecord(id) {
  const db = await openDatabase();
  return result(db.transaction("records").objectStore("records").get(id));
}

async function fromIndex(indexName, key) {
  const db = await openDatabase();
  const index = db.transaction("records").objectStore("records").index(indexName);
  return result(index.getAll(IDBKeyRange.only(key)));
}

export const recordsOfShift = (shiftId) => fromIndex("byShift", shiftId);

/** The latest `limit` records of a shift, newest first, without reading the others. */
export async function latestOfShift(shiftId, limit) {
  const db = await openDatabase();
  const index = db.transaction("records").objectStore("records").index("byShiftTime");
  const range = IDBKeyRange.bound([shiftId, ""], [shiftId, "\uffff"]);
  return new Promise((resolve, reject) => {
    const found = [];
    const request = index.openCursor(range, "prev");
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || found.length >= limit) return resolve(found);
      found.push(cursor.value);
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}
/** How many of a person's records of a day count (`counted`), without reading them. */
export async function countOfDay(userId, day) {
  const db = await openDatabase();
  const index = db.transaction("records").objectStore("records").index("byUserDayCounted");
  return result(index.count(IDBKeyRange.only([userId, day, 1])));
}
export const recordsInState = (userId, state) => fromIndex("byUserState", [userId, state]);

/** Forget records the server has had for a while: the phone is not the archive. */
export async function pruneSynced(beforeDay) {
  const db = await openDatabase();
  const transaction = db.transaction("records", "readwrite");
  const store = transaction.objectStore("records");
  store.openCursor().onsuccess = (event) => {
    const cursor = event.target.result;
    if (!cursor) return;
    if (cursor.value.state === "synced" && cursor.value.day < beforeDay) cursor.delete();
    cursor.continue();
  };
  return done(transaction);
}

/** Run `work(stores)` in one readwrite transaction over the given stores; resolves on commit. */
export async function write(storeNames, work) {
  const db = await openDatabase();
  const transaction = db.transaction(storeNames, "readwrite");
  const stores = Object.fromEntries(storeNames.map((name) => [name, transaction.objectStore(name)]));
  const value = work(stores, transaction);
  await done(transaction);
  return value;
}

export async function outboxOf(userId, limit) {
  const db = await openDatabase();
  const index = db.transaction("outbox").objectStore("outbox").index("byUserSeq");
  const range = IDBKeyRange.bound([userId, 0], [userId, Number.MAX_SAFE_INTEGER]);
  return result(index.getAll(range, limit));
}

export async function countOutbox(userId) {
  const db = await openDatabase();
  const index = db.transaction("outbox").objectStore("outbox").index("byUserSeq");
  return result(index.count(IDBKeyRange.bound([userId, 0], [userId, Number.MAX_SAFE_INTEGER])));
}

/** What waits on the whole phone, every account together: per user, how many records and
 * since when (the oldest queued change). Read when the phone reports itself and when a
 * shared phone shows whose records wait. */
export async function outboxByUser(leaving = new Set()) {
  const db = await openDatabase();
  const entries = await result(db.transaction("outbox").objectStore("outbox").getAll());
  const byUser = new Map();
  for (const entry of entries) {
    if (leaving.has(entry.seq)) continue;
    const mine = byUser.get(entry.userId) || { count: 0, oldestSeq: Number.MAX_SAFE_INTEGER };
    mine.count += 1;
    mine.oldestSeq = Math.min(mine.oldestSeq, entry.seq);
    byUser.set(entry.userId, mine);
  }
  return byUser;
}
