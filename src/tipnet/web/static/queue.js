// tipnet's offline queue: a form marked data-queue (a follow-up, a service delivered, a follow-up
// done, an assessment step) sent while the connection is down is kept in IndexedDB, encrypted, and
// sent when the connection returns; "n forms waiting to be sent" shows meanwhile.
//
// Where the key lives (docs/cases.md, "Offline"): the server gives the live session a random secret
// (GET /offline/key, no-store); the page imports it as a non-extractable AES-GCM key and keeps it in
// memory only. IndexedDB holds only ciphertext (the form's address and fields, CSRF token and
// idempotency key included) with its IV and the time it was queued. Signing out destroys the secret
// on the server and empties the browser's storage (Clear-Site-Data and this script); a browser taken
// after that holds nothing it can decrypt. Every queued form carries an idempotency key: sent twice
// (a lost answer, two tabs), it is applied once.
"use strict";
(() => {
  const DB = "tipnet-queue";
  const STORE = "forms";
  const AAD = new TextEncoder().encode("tipnet-queue-v1");
  const status = document.getElementById("queue-status");
  const note = document.getElementById("queue-note");
  let keyPromise = null;
  let flushing = null;

  const text = (name, n) => (status ? (status.dataset[name] || "").replace("{n}", String(n)) : "");

  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async function run(mode, fn) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const result = fn(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const all = () => run("readonly", (s) => s.getAll());
  const put = (record) => run("readwrite", (s) => s.add(record));
  const remove = (id) => run("readwrite", (s) => s.delete(id));

  // The session's key: fetched while online, imported non-extractable, kept in this page only.
  function key() {
    if (!keyPromise) {
      keyPromise = fetch("/offline/key", { credentials: "same-origin", cache: "no-store" })
        .then((r) => (r.ok && (r.headers.get("content-type") || "").includes("json") ? r.json() : { key: null }))
        .then((body) => {
          if (!body.key) return null;
          const raw = new Uint8Array(body.key.match(/../g).map((h) => parseInt(h, 16)));
          return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
        })
        .catch(() => null)
        .then((k) => {
          if (!k) keyPromise = null; // try again later (offline now, or signed out)
          return k;
        });
    }
    return keyPromise;
  }

  async function show() {
    if (!status) return;
    let n = 0;
    try { n = (await all()).length; } catch (e) { n = 0; }
    status.hidden = n === 0;
    status.textContent = n === 0 ? "" : n === 1 ? text("one", 1) : text("many", n);
    document.body.dataset.queued = String(n);
  }

  function say(message) {
    if (!note || !message) return;
    note.textContent = message;
    note.hidden = false;
  }

  async function enqueue(form, submitter) {
    const k = await key();
    if (!k) return false;
    const data = new FormData(form, submitter);
    const body = new URLSearchParams();
    for (const [name, value] of data.entries()) if (typeof value === "string") body.append(name, value);
    const plain = new TextEncoder().encode(JSON.stringify({ action: form.getAttribute("action"), body: body.toString() }));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: AAD }, k, plain);
    await put({ iv, sealed, queued_at: new Date().toISOString() });
    return true;
  }

  async function send(k, record) {
    let plain;
    try {
      plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv, additionalData: AAD }, k, record.sealed);
    } catch (e) {
      return "lost"; // another session's key: it can never be sent
    }
    const { action, body } = JSON.parse(new TextDecoder().decode(plain));
    const response = await fetch(action, {
      method: "POST",
      body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Tipnet-Queued": "1" },
    });
    if (response.type === "opaqueredirect" || response.ok) return "sent";
    // Signed out meanwhile (401) or a server error: not sent, kept for a later try.
    if (response.status === 401 || response.status >= 500) throw new Error("not sent: " + response.status);
    return "refused";
  }

  // Send what waits, oldest first; stop at the first network failure (kept for the next try).
  function flush() {
    if (flushing) return flushing;
    flushing = (async () => {
      const counts = { sent: 0, refused: 0, lost: 0 };
      try {
        const records = await all();
        if (!records.length || !navigator.onLine) return counts;
        // The key is asked for again before sending: this page may be older than the browser's
        // session (signed out and in again, as someone else too, in another tab). Its old key would
        // decrypt nothing of the new session's forms and delete them as lost; the fresh key sends
        // them, and deletes only what ended sessions left.
        // Not answered (the connection weak, or signed out): nothing sent, the page's key kept for
        // forms queued meanwhile.
        const previous = keyPromise;
        keyPromise = null;
        const k = await key();
        if (!k) {
          keyPromise = previous;
          return counts;
        }
        for (const record of records) {
          let outcome;
          try { outcome = await send(k, record); } catch (e) { break; }
          await remove(record.id);
          counts[outcome] += 1;
        }
      } finally {
        flushing = null;
      }
      if (counts.sent) say(text("sent", counts.sent));
      if (counts.refused) say(text("refused", counts.refused));
      if (counts.lost) say(text("lost", counts.lost));
      await show();
      return counts;
    })();
    return flushing;
  }

  async function clear() {
    keyPromise = null;
    await new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(DB);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.getAttribute("action") === "/logout") {
      if (form.dataset.cleared) return;
      event.preventDefault();
      if (navigator.onLine) await flush();
      const left = (await all().catch(() => [])).length;
      if (left && !window.confirm(text("logout", left))) return;
      await clear();
      form.dataset.cleared = "1";
      form.submit();
      return;
    }
    if (!form.hasAttribute("data-queue") || navigator.onLine) return; // online: the ordinary post
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-no-queue")) { say(text("notOffline", 0)); return; }
    let kept = false;
    try { kept = await enqueue(form, submitter); } catch (e) { kept = false; }
    if (!kept) { say(text("unavailable", 0)); return; }
    form.reset();
    form.querySelectorAll("input[name=idempotency_key]").forEach((i) => { i.value = crypto.randomUUID(); });
    say(text("kept", 0));
    await show();
  });

  // Every queueable form carries an idempotency key from the start: a double click online, or the
  // same queued form sent twice, is applied once.
  for (const form of document.querySelectorAll("form[data-queue]")) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "idempotency_key";
    input.value = crypto.randomUUID();
    form.appendChild(input);
  }
  // A page the Back button restores (the back/forward cache) comes back with the keys it had when
  // its form was sent: new ones, or the next form would be taken for the first (the server refuses
  // a used key with other entries).
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-queue] input[name=idempotency_key]").forEach((i) => { i.value = crypto.randomUUID(); });
  });

  window.addEventListener("online", () => { flush(); });
  window.tipnetQueue = { flush, show, clear, count: async () => (await all()).length };
  // The key is fetched where a form could be queued (and by flush when something waits), not on
  // every page.
  const queueable = document.querySelector("form[data-queue]") !== null;
  const ready = navigator.onLine ? (queueable ? key() : Promise.resolve()).then(() => flush()) : Promise.resolve();
  ready.catch(() => {}).then(show).then(() => { document.body.dataset.queueReady = "1"; });
})();
