// Logging in to kring server through its identity provider in a real
// browser (Debian's chromium, driven by playwright-core): kring's login
// page, "Log in with ...", the provider's own login and consent pages
// (tests/web/oidc_provider.mjs), back at kring, to the case list. It
// checks what only a browser can: that the session's SameSite=Strict
// cookie is sent after the way back from the provider's site (kring
// answers the callback with a page of its own, not a redirect), and that
// kring's pages ask for no address but kring's.
// Started by tests/server/oidc_check.py with both running.
// Usage: node oidc_browser.mjs KRING_URL PROVIDER_URL LOGIN CASE
import pw from 'playwright-core';

const [kring, provider, login, code] = process.argv.slice(2);
const fail = (what) => {
  console.log(`failed: ${what}`);
  process.exitCode = 1;
};
const browser = await pw.chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const elsewhere = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(kring + '/') || url.startsWith(provider + '/') ||
        url.startsWith('data:'))
      return route.continue();
    // The provider's development pages ask for a web font: blocked, and
    // theirs; a page of kring's asks for nothing elsewhere.
    let from = '';
    try {
      from = route.request().frame().url();
    } catch (e) {
      from = '';
    }
    if (!from.startsWith(provider)) elsewhere.push(`${url} (from ${from})`);
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(kring + '/');
  if (!page.url().endsWith('/login')) fail(`no session: not at /login (${page.url()})`);
  await page.click('a[href="/oidc/login"]');
  await page.waitForURL((u) => u.toString().startsWith(provider));
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any');
  await page.click('button[type="submit"]');
  // The provider's consent, when it asks.
  for (let i = 0; i < 3 && page.url().startsWith(provider); i++) {
    await page.waitForLoadState();
    const button = page.locator('button[type="submit"]');
    if (await button.count() === 0) break;
    await button.first().click();
  }
  await page.waitForURL((u) => u.toString() === kring + '/', { timeout: 15000 });
  const text = await page.textContent('body');
  if (!text.includes(code)) fail(`the case list has no ${code}: ${text.slice(0, 300)}`);
  const cookies = await context.cookies(kring);
  const session = cookies.find((c) => c.name === '__Host-kring');
  if (!session || session.sameSite !== 'Strict' || !session.secure || !session.httpOnly)
    fail(`the session's cookie: ${JSON.stringify(session)}`);
  if (cookies.some((c) => c.name === '__Host-kring-oidc'))
    fail('the cookie of the login under way is still there');
  if (elsewhere.length) fail(`asked for addresses elsewhere: ${elsewhere.join(', ')}`);
  console.log('logged in through the provider in chromium');
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
}
