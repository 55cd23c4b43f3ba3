// The one way the app talks to the server: JSON in and out, the CSRF header on writes,
// and every failure turned into an ApiError the screens can explain.

import { getMeta, setMeta } from "./db.js";

export class ApiError extends Error {
  constructor(status, code, message, fields = {}) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** No answer at all: offline, a tunnel, a reply lost on the way. */
  get network() {
    return this.status === 0;
  }
}

// A request with no answer after this long is given up and retried later: in a tunnel a
// connection can stay half-open for minutes, and a hung sync would hold every later one.
// Long enough for a 1,000-record batch (about 400 KB) over a weak 2G link.
const TIMEOUT_MS = 45_000;

// Requests under way, so that the network coming back can cut those left hanging by the
// tunnel: every request is idempotent, the next sync sends again what they carried.
const inFlight = new Set();

function deadline() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const entry = { controller, timer };
  inFlight.add(entry);
  const done = () => {
    clearTimeout(timer);
    inFlight.delete(entry);
  };
  return { signal: controller.signal, done };
}

/** The network is back: give up the requests started before, rather than wait out their 45 s. */
export function abortRequests() {
  for (const { controller } of inFlight) controller.abort();
  inFlight.clear();
}

async function send(method, path, body, token) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token && method !== "GET") headers["X-CSRFToken"] = token;
  let response;
  const limit = deadline();
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal: limit.signal,
    });
  } catch (error) {
    throw new ApiError(0, "network", error.message);
  } finally {
    limit.done();
  }
  if (response.status === 204) return null;
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(response.ok ? 0 : response.status, "unreadable", "");
  }
  if (!response.ok) {
    const detail = payload?.error || {};
    throw new ApiError(response.status, detail.code || "error", detail.message, detail.fields || {});
  }
  return payload;
}

/** A request that refreshes an out-of-date CSRF token once, transparently. */
export async function request(method, path, body) {
  const token = await getMeta("csrfToken");
  try {
    return await send(method, path, body, token);
  } catch (error) {
    if (error.code !== "csrf_failed") throw error;
    const session = await send("GET", "/api/session");
    await setMeta("csrfToken", session.csrf_token);
    return send(method, path, body, session.csrf_token);
  }
}

export async function signIn(email, password) {
  const session = await send("POST", "/api/session", { email, password });
  await setMeta("csrfToken", session.csrf_token);
  return session.user;
}

export async function currentSession() {
  const session = await send("GET", "/api/session");
  await setMeta("csrfToken", session.csrf_token);
  return session.user;
}

export const signOut = () => request("DELETE", "/api/session");

/** A temporary password replaced by the person's own; returns the user, the session goes on. */
export async function changePassword(current, chosen) {
  const session = await request("PUT", "/api/session/password", { current_password: current, new_password: chosen });
  await setMeta("csrfToken", session.csrf_token);
  return session.user;
}
export const fetchCatalogue = () => send("GET", "/api/catalogue");
export const postSync = (body) => request("POST", "/api/sync", body);
