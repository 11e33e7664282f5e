// WebKit, Safari's engine, for the browser tests: Debian's WebKitGTK
// (package webkit2gtk-driver: WebKitWebDriver and its MiniBrowser) driven
// by selenium-webdriver. WebKitGTK on Debian 12 has no headless mode: an
// Xvfb of the phone's size is started, with matchbox-window-manager so that
// MiniBrowser's --full-screen makes the page exactly that size (without a
// window manager its toolbar keeps the window at least 447 px wide).
// WebKitGTK cannot emulate touch: a tap here is a click.
"use strict";

const http = require("http");
const net = require("net");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const { Builder } = require("selenium-webdriver");

function freePort() {
  return new Promise((done, fail) => {
    const s = net.createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => done(port)); });
  });
}

async function driverUp(port) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((done) => {
      http.get({ host: "127.0.0.1", port, path: "/status", timeout: 500 }, (r) => { r.resume(); done(r.statusCode === 200); })
        .on("error", () => done(false)).on("timeout", function () { this.destroy(); done(false); });
    });
    if (ok) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error("WebKitWebDriver did not start on port " + port);
}

function xvfb(width, height) {
  return new Promise((done, fail) => {
    const x = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", `${width}x${height}x24`, "-nolisten", "tcp"],
                    { stdio: ["ignore", "ignore", "ignore", "pipe"] });
    let said = "";
    x.on("error", fail);
    x.on("exit", (code) => fail(new Error("Xvfb ended: " + code)));
    x.stdio[3].on("data", (d) => {
      said += d;
      if (said.includes("\n")) done({ proc: x, display: ":" + said.trim() });
    });
  });
}

// A WebKit browser WIDTH x HEIGHT, accepting the run's certificate:
// { driver, version, stop() }.
async function startWebKit(width, height) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kring-webkit-"));
  fs.chmodSync(home, 0o700);
  const x = await xvfb(width, height);
  const env = { ...process.env, DISPLAY: x.display, HOME: home, XDG_RUNTIME_DIR: home,
                XDG_CACHE_HOME: path.join(home, ".cache"), XDG_CONFIG_HOME: path.join(home, ".config"),
                XDG_DATA_HOME: path.join(home, ".local", "share") };
  const wm = spawn("matchbox-window-manager", ["-use_titlebar", "no"], { stdio: "ignore", env });
  const port = await freePort();
  const wd = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], { stdio: "ignore", env });
  const stop = async (driver) => {
    if (driver) await driver.quit().catch(() => {});
    wd.kill("SIGTERM");
    wm.kill("SIGTERM");
    x.proc.removeAllListeners("exit");
    x.proc.kill("SIGTERM");
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    await driverUp(port);
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: "MiniBrowser",
      acceptInsecureCerts: true,
      "webkitgtk:browserOptions": { args: ["--automation", "--full-screen"] },
    }).build();
    const version = (await driver.getCapabilities()).get("browserVersion");
    return { driver, version, stop: () => stop(driver) };
  } catch (e) {
    await stop(null);
    throw e;
  }
}

module.exports = { startWebKit };
