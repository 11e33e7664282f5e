/* kring server: the young person's phone offline (docs/youth-phone.md).
 * This service worker, for the pages under /y only, keeps the last map
 * page the phone was shown (and kring's stylesheet and script). Offline,
 * the map is that copy, with the line that says so; a suggestion made
 * offline is kept on the phone and sent at the next page that loads
 * online. The copy is shown only within IDLE of the phone's last page
 * online, as long as the server would show the map before asking for the
 * PIN again (its phone_idle_minutes, which it puts before this script as
 * self.kringIdle, in seconds): a phone found later shows
 * nothing offline. When the map is closed on the phone (taken back,
 * locked, logged out: a 404, or the logout's answer), everything kept is
 * thrown away. */
"use strict";

const PAGES = "kring-phone-pages";
const QUEUE = "kring-phone-queue";
const IDLE = (self.kringIdle || 30 * 60) * 1000;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

async function forget() {
  await caches.delete(PAGES);
  await caches.delete(QUEUE);
}

/* The kept map page, with the lines named by IDS shown. */
async function keptPage(ids) {
  const kept = await (await caches.open(PAGES)).match("/y");
  if (!kept || !(Date.now() - Number(kept.headers.get("X-Kept-At")) < IDLE)) return null;
  let text = await kept.text();
  for (const id of ids) text = text.replace(`<p id="${id}" hidden`, `<p id="${id}"`);
  return new Response(text, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/* The suggestions kept offline, sent in the order they were made. */
async function flush() {
  const queue = await caches.open(QUEUE);
  for (const key of await queue.keys()) {
    const { url, body } = await (await queue.match(key)).json();
    try {
      const r = await fetch(url, { method: "POST", body, redirect: "manual",
                                   headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      /* Sent (or refused for good: a form that has expired): not again. */
      if (r.type === "opaqueredirect" || r.status < 500) await queue.delete(key);
    } catch (e) {
      return; /* still offline */
    }
  }
}

async function navigate(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (e) {
    return (await keptPage(["offline"])) || Response.error();
  }
  if (response.status === 404) {
    await forget();
  } else if (response.ok && response.type === "basic") {
    const text = await response.clone().text();
    if (text.includes('class="youth-view"'))
      await (await caches.open(PAGES)).put("/y", new Response(text, {
        headers: { "Content-Type": "text/html; charset=utf-8", "X-Kept-At": String(Date.now()) } }));
    await flush();
  }
  return response;
}

async function post(request) {
  const copy = request.clone();
  try {
    const response = await fetch(request);
    if (new URL(request.url).pathname === "/y/logout") await forget();
    return response;
  } catch (e) {
    const path = new URL(request.url).pathname;
    /* Only what the young person says waits: a suggestion, a wish. */
    const says = /^\/y(\/[0-9]+)?\/(suggest|ask)$/.test(path);
    const page = says ? await keptPage(["offline", "queued"]) : null;
    if (!page) return Response.error();
    await (await caches.open(QUEUE)).put(`/y/queued/${Date.now()}`,
      new Response(JSON.stringify({ url: path, body: await copy.text() })));
    return page;
  }
}

async function asset(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    return (await cache.match(request)) || Response.error();
  }
}

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/static/kring.css" || url.pathname === "/static/kring.js")
    e.respondWith(asset(e.request));
  else if (url.pathname !== "/y" && !url.pathname.startsWith("/y/"))
    return;
  else if (e.request.method === "POST")
    e.respondWith(post(e.request));
  else if (e.request.mode === "navigate")
    e.respondWith(navigate(e.request));
});

self.addEventListener("message", (e) => {
  if (e.data === "flush") e.waitUntil(flush());
});
