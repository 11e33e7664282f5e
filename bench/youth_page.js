// The young person's page on a slow phone line (issue 19's target): the
// youth view of a 40-person case, map and all, opened in Debian's
// chromium on a 390x844 touch phone with the network throttled by
// Chromium itself (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency: a
// slow 3G). Measured: the bytes the page weighs (every response, as sent)
// and when it was shown: the later of its load event and its Largest
// Contentful Paint (from Chromium's performance API). The map is inline
// SVG, which LCP does not count: it is in the page, and laid out, by the
// load event. For reference, in the same run and under the same
// throttling: kring's stylesheet alone -- the floor of the line and of
// the browser. Targets: under 250 KB, and the map shown within 1 s.
//
// Usage: node bench/youth_page.js [--strict] [RUNS]
// Needs ./kring (and its modules), build/bench/kring-gen, chromium, and
// playwright-core in tests/web/node_modules (tests/web/run.sh fetches it).
"use strict";

const { chromium } = require("../tests/web/node_modules/playwright-core");
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { serve } = require("../tests/web/kring_test.js");

const args = process.argv.slice(2);
const strict = args.includes("--strict");
const runs = Number(args.find((a) => /^\d+$/.test(a)) || 5);
const kring = path.resolve(process.env.KRING || "./kring");
const gen = path.resolve(process.env.KRING_GEN || "build/bench/kring-gen");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const LIMIT_KB = 250;
const LIMIT_MS = 1000;

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// Opens PATH (after the token's address) on a throttled phone; the bytes
// received and the LCP in ms.
async function measure(browser, server, p) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await page.goto(await server.take()); // the token, unthrottled: a cookie
  const base = new URL(page.url()).origin;
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8),
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  await page.goto(base + p, { waitUntil: "load" });
  const lcp = await page.evaluate(() => new Promise((done) => {
    new PerformanceObserver((list) => {
      const e = list.getEntries();
      done(e[e.length - 1].startTime);
    }).observe({ type: "largest-contentful-paint", buffered: true });
  }));
  const load = await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventEnd);
  await page.waitForTimeout(100);
  await ctx.close();
  return { bytes, lcp: Math.max(lcp, load) };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kring-youth-"));
  const db = path.join(dir, "y.db");
  execFileSync(gen, [db, "1", "40"]);
  const code = JSON.parse(execFileSync(kring, ["--db", db, "--json", "case", "list"], { encoding: "utf8" })).cases[0].code;
  const server = await serve(db, "en", kring);
  const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"] });
  const youth = [], ref = [];
  try {
    for (let i = 0; i < runs; i++) {
      youth.push(await measure(browser, server, `/case/${code}/youth?map=1`));
      ref.push(await measure(browser, server, "/static/kring.css"));
    }
  } finally {
    await browser.close();
    server.child.removeAllListeners("exit");
    server.child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const kb = median(youth.map((m) => m.bytes)) / 1024;
  const lcp = median(youth.map((m) => m.lcp));
  const refLcp = median(ref.map((m) => m.lcp));
  console.log(`youth page of ${code} (40 people) on a throttled phone, ${runs} runs each, alternating (medians):`);
  console.log(`  weight ${kb.toFixed(1)} KB (target: under ${LIMIT_KB} KB)`);
  console.log(`  shown (load event and LCP) after ${lcp.toFixed(0)} ms (target: under ${LIMIT_MS} ms)`);
  console.log(`  reference, the stylesheet alone: ${refLcp.toFixed(0)} ms; the page takes ${(lcp / refLcp).toFixed(2)}x it`);
  const met = kb < LIMIT_KB && lcp < LIMIT_MS;
  console.log(met ? "youth page targets met" : "youth page targets missed");
  if (strict && !met) process.exit(1);
}

main().catch((e) => { console.error(e); process.exit(2); });
