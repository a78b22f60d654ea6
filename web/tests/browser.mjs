// Browser tests: Debian's Chromium, headless, driven by playwright-core,
// against a running `w2t serve` (W2T_URL, with #token=TOKEN when it needs one,
// W2T_TOKEN the token) and a report file (W2T_REPORT). W2T_HOSTILE names the
// JSON file tests/browser_test.sh wrote of the runs it planted in the store
// with HTML and script for names: they must show as text and never run.
// Screenshots of each page go to test-results/.
//   W2T_URL=http://127.0.0.1:8080/#token=T W2T_TOKEN=T W2T_REPORT=/tmp/r.html node tests/browser.mjs
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";

const url = process.env.W2T_URL;
const token = process.env.W2T_TOKEN;
const hostile = process.env.W2T_HOSTILE;
const report = process.env.W2T_REPORT;
const opsReport = process.env.W2T_OPS_REPORT;
const out = process.env.W2T_SHOTS ?? "test-results";
mkdirSync(out, { recursive: true });

let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failed += 1;
};

// Every page: the dialogs it opened (alert, confirm, prompt: none expected;
// each is dismissed) and what it logged of the Content Security Policy.
const dialogs = [];
const cspMessages = [];
function watch(page) {
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && cspMessages.push(m.text()));
  return page;
}

// Whether a payload planted in the store ran in the page.
const pwned = (page) => page.evaluate(() => window.__w2t_pwned !== undefined);

// A report file opened in a new page, charts given time to draw; with the
// errors its page logs.
async function openReport(path) {
  const page = watch(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`file://${path}`, { waitUntil: "load" });
  await page.waitForTimeout(2000);
  return { page, errors };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = watch(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  let transferred = 0;
  page.on("response", async (r) => {
    const length = Number((await r.allHeaders())["content-length"] ?? 0);
    transferred += length;
  });

  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("#kpis .kpi");
  check(errors.length === 0, `the dashboard loads with no console errors ${errors.join(" | ")}`);
  if (token) {
    // The token: kept for the tab, taken out of the address bar.
    const kept = await page.evaluate(() => ({ href: location.href, stored: sessionStorage.getItem("w2t-token") }));
    check(!kept.href.includes("#") && !kept.href.includes(token), `the token is taken out of the address bar (${kept.href})`);
    check(kept.stored === token, "the token is kept in sessionStorage (w2t-token)");
  }
  check(transferred <= 1.5e6, `first load transfers ${Math.round(transferred / 1024)} KiB (<= 1.5 MB)`);
  const sankey = await page.$eval("#chart-flows canvas", (c) => c.width > 0 && c.height > 0).catch(() => false);
  check(sankey, "the Sankey of wafer flow renders");
  await page.waitForTimeout(1500);  // the charts' opening animation
  await page.screenshot({ path: `${out}/dashboard-flows.png` });

  for (const tab of ["supply", "sites", "demand"]) {
    await page.click(`nav button[data-tab=${tab}]`);
    await page.waitForTimeout(1500);
    const drawn = await page.$$eval(`#tab-${tab} canvas`, (cs) => cs.length > 0 && cs.every((c) => c.width > 0));
    check(drawn, `the ${tab} charts render`);
    await page.screenshot({ path: `${out}/dashboard-${tab}.png`, fullPage: true });
  }
  // The supply chart's data: accelerators built, and the binding stages shaded.
  const supply = await page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.getElementById("chart-supply"));
    const series = chart.getOption().series;
    const built = series.filter((s) => s.name.endsWith("built")).flatMap((s) => s.data).reduce((a, b) => a + b, 0);
    return { built, shaded: (series[0].markArea?.data ?? []).length };
  });
  check(supply.built > 1e6 && supply.shaded > 0, `the supply timeline has data (${Math.round(supply.built)} built, ${supply.shaded} shaded spans)`);

  // Editing a parameter runs the model again and moves the summary.
  await page.click("nav button[data-tab=parameters]");
  await page.fill("#filter", "rack.vera_rubin_nvl72.power");
  const before = await page.textContent("#kpis");
  const input = page.locator('input[data-path="rack.vera_rubin_nvl72.power"]');
  await input.fill("300");
  await input.press("Enter");
  await page.waitForFunction((old) => document.querySelector("#kpis").textContent !== old, before, { timeout: 10000 });
  const after = await page.textContent("#kpis");
  check(after !== before && after.includes("%"), "editing a parameter re-runs the model and changes the summary");
  await page.screenshot({ path: `${out}/dashboard-parameters.png` });
  await page.click("nav button[data-tab=flows]");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/dashboard-edited.png` });

  // A scenario file of the user's: opened, run, its id shown; a broken one is reported.
  const own = "scenario: my-variant\ntitle: A variant with weaker racks\nextends: stargate-2025\nset:\n  rack.vera_rubin_nvl72.power: 300\n";
  await page.setInputFiles("#open", { name: "variant.yaml", mimeType: "text/yaml", buffer: Buffer.from(own) });
  await page.waitForFunction(() => document.querySelector("#scenario").textContent.includes("weaker racks"), null, { timeout: 15000 });
  check(true, "a scenario file of the user's runs in the dashboard");
  await page.setInputFiles("#open", { name: "broken.yaml", mimeType: "text/yaml", buffer: Buffer.from("scenario: x\nextends: stargate-2025\nspan: [oops\n") });
  await page.waitForFunction(() => document.querySelector("#status").classList.contains("error"), null, { timeout: 15000 });
  const message = await page.textContent("#status");
  check(message.includes("scenario.yaml:"), `a broken scenario is reported with its line (${message.slice(0, 80)})`);
  errors.length = 0;  // the failed request's 400 is expected

  // Monte Carlo fans and the tornado.
  await page.click("nav button[data-tab=uncertainty]");
  await page.fill("#mc-samples", "100");
  await page.click("#mc-run");
  await page
    .waitForFunction(() => /samples in/.test(document.querySelector("#mc-status").textContent), null, { timeout: 60000 })
    .catch(async () => check(false, `Monte Carlo in the dashboard: ${await page.textContent("#mc-status")}`));
  const fans = await page.$$eval("#tab-uncertainty canvas", (cs) => cs.length >= 2);
  check(fans, "the Monte Carlo fan and the tornado render");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/dashboard-uncertainty.png`, fullPage: true });

  // The fleet simulation: its figures and four charts.
  await page.click("nav button[data-tab=operations]");
  await page.fill("#ops-days", "10");
  await page.fill("#ops-replications", "1");
  await page.click("#ops-run");
  await page
    .waitForFunction(() => /accelerators, 10 days/.test(document.querySelector("#ops-status").textContent), null, { timeout: 120000 })
    .catch(async () => check(false, `fleet operations in the dashboard: ${await page.textContent("#ops-status")}`));
  const opsCharts = await page.$$eval("#tab-operations canvas", (cs) => cs.length);
  check(opsCharts >= 4, `the fleet's charts render (${opsCharts})`);
  const opsRows = await page.$$eval("#ops-figures tr", (rs) => rs.length);
  check(opsRows >= 6, `the fleet's figures are listed (${opsRows} rows)`);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/dashboard-operations.png`, fullPage: true });
  check(errors.length === 0, `no console errors after editing and studies ${errors.join(" | ")}`);

  if (hostile) {
    // Runs in the store named with HTML and script: listed as text, compared as text, never run.
    const planted = JSON.parse(readFileSync(hostile, "utf8"));
    await page.click("nav button[data-tab=runs]");
    await page.waitForSelector(`#runs input[data-run="${planted.runs[0]}"]`, { timeout: 10000 });
    const shown = await page.evaluate(() => ({ visible: document.body.innerText, text: document.body.textContent }));
    for (const payload of planted.payloads) {
      check(shown.visible.includes(payload) && shown.text.includes(payload), `a run named ${payload} is listed as text`);
    }
    const made = await page.$$eval("#runs img, #runs script, #runs svg, #runs a", (es) => es.length);
    check(made === 0, `the runs' names made no elements (${made})`);
    await page.waitForTimeout(1000);
    check(!(await pwned(page)), "no planted script ran on listing the runs");
    // Opening one: compared with the run it was copied from, its parameter named like it.
    await page.check(`#runs input[data-run="${planted.source}"]`);
    await page.check(`#runs input[data-run="${planted.runs[0]}"]`);
    await page.click("#compare");
    await page.waitForSelector("#diff table", { timeout: 10000 }).catch(() => {});
    const diff = (await page.textContent("#diff")) ?? "";
    check(diff.includes(planted.payloads[0]), `comparing with a hostile run shows its parameter as text (${diff.slice(0, 80)})`);
    const diffMade = await page.$$eval("#diff img, #diff script, #diff svg", (es) => es.length);
    check(diffMade === 0, `the comparison made no elements of the names (${diffMade})`);
    await page.waitForTimeout(1000);
    check(!(await pwned(page)), "no planted script ran on comparing the runs");
    await page.screenshot({ path: `${out}/dashboard-runs.png`, fullPage: true });
    check(errors.length === 0, `no console errors on the Runs tab ${errors.join(" | ")}`);
  }

  if (token) {
    // Without the token (a fresh tab, nothing in its sessionStorage), the dashboard says what to do.
    const bare = new URL(url);
    bare.hash = "";
    const other = watch(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
    await other.goto(bare.href, { waitUntil: "networkidle" });
    await other
      .waitForFunction(() => /access token/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 15000 })
      .catch(() => {});
    const said = await other.evaluate(() => ({
      text: document.querySelector("#status")?.textContent ?? "",
      error: document.querySelector("#status")?.classList.contains("error") ?? false,
    }));
    check(said.error && said.text.includes("#token="), `without the token the dashboard asks for it (${said.text.slice(0, 100)})`);
    await other.screenshot({ path: `${out}/dashboard-no-token.png` });
    await other.close();
  }

  if (report) {
    const { page: r, errors: reportErrors } = await openReport(report);
    const canvases = await r.$$eval("canvas", (cs) => cs.filter((c) => c.width > 0).length);
    check(canvases >= 7, `the report draws its charts (${canvases} canvases)`);
    const links = await r.$$eval("table a[href^='http']", (as) => as.length);
    check(links > 50, `the assumptions table links numbers to sources (${links} links)`);
    check(reportErrors.length === 0, `the report has no console errors ${reportErrors.join(" | ")}`);
    await r.screenshot({ path: `${out}/report.png`, fullPage: false });
  }
  if (opsReport) {
    // `w2t ops --report`: its figures and four charts before the run's.
    const { page: r, errors: opsErrors } = await openReport(opsReport);
    const heading = await r.$$eval("h2", (hs) => hs.map((h) => h.textContent).join("|"));
    check(heading.includes("Fleet operations"), "the ops report has its section");
    const canvases = await r.$$eval("canvas", (cs) => cs.filter((c) => c.width > 0).length);
    check(canvases >= 11, `the ops report draws its charts and the run's (${canvases} canvases)`);
    const daily = await r.evaluate(() => {
      const e = document.querySelector("[data-chart]");
      const chart = e && window.echarts.getInstanceByDom(e);
      return chart ? chart.getOption().series[0].data.length : 0;
    });
    check(daily > 0, `the availability chart has a point a day (${daily})`);
    check(opsErrors.length === 0, `the ops report has no console errors ${opsErrors.join(" | ")}`);
    await r.screenshot({ path: `${out}/report-ops.png`, fullPage: false });
  }
  check(dialogs.length === 0, `no page opened a dialog ${dialogs.join(" | ")}`);
  check(cspMessages.length === 0, `nothing was refused by the Content Security Policy ${cspMessages.join(" | ")}`);
} finally {
  await browser.close();
}
console.log(failed === 0 ? "browser tests passed" : `${failed} browser checks failed`);
process.exit(failed === 0 ? 0 : 1);
