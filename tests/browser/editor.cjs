// Drives `qarin edit`'s page in headless Chromium through the DevTools protocol
// (playwright-core with Debian's /usr/bin/chromium), as a translator would: keyboard
// merge, a moved sentence, a name fixed in place, a confirmed link, undo/redo, save, reload.
// Run by tests/editor.rs:  node tests/browser/editor.cjs URL SCREENSHOT.png
// Prints one JSON object: what the page showed at each step.
"use strict";
const playwright = require(process.env.QARIN_PLAYWRIGHT || "playwright-core");

const [url, screenshot] = process.argv.slice(2);

async function main() {
  const browser = await playwright.chromium.launch({
    executablePath: process.env.QARIN_CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"
    ]
  });
  const out = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(url);
    const version = () => page.evaluate(() => Number(document.body.dataset.version));
    // Each change is answered with a new page version; wait for it.
    const answered = async (before) => {
      await page.waitForFunction((v) => Number(document.body.dataset.version) > v, before, { timeout: 15000 });
    };
    const rows = () => page.evaluate(() => document.querySelectorAll("tbody.row").length);
    const press = async (key) => { const v = await version(); await page.keyboard.press(key); await answered(v); };
    const rowWith = (text) => page.evaluate((t) => {
      const row = Array.prototype.find.call(document.querySelectorAll("tbody.row"), (r) => r.textContent.includes(t));
      return row ? Number(row.dataset.link) : -1;
    }, text);

    out.rows_at_start = await rows();

    // 1. Keyboard merge: from the first link, down twice (the headline), m merges it
    //    with the next link (the date line).
    await page.click('tbody.row[data-link="0"] th.num');
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    out.selected_before_merge = await page.evaluate(() => Number(document.querySelector("tbody.row.sel").dataset.link));
    await press("m");
    out.rows_after_merge = await rows();
    out.merged_kind = await page.evaluate(() => document.querySelector('tbody.row[data-link="2"] .kind').textContent);

    // 2. Move a sentence: the first Arabic line (page furniture with no English) moves
    //    down into the next link, which holds the second one: Shift+] on link 0.
    await page.click('tbody.row[data-link="0"] th.num');
    await press("}");
    out.rows_after_move = await rows();
    out.first_row_kind = await page.evaluate(() => document.querySelector('tbody.row[data-link="0"] .kind').textContent);

    // 3. Fix "Narishkin" in the English, there and then.
    const link = await rowWith("Narishkin");
    out.narishkin_link = link;
    // The finding on the name: its wrong form marked in red in the English.
    const flagged = (k) => page.evaluate((k) => Array.prototype.some.call(
      document.querySelectorAll(`tbody.row[data-link="${k}"] td.tgt mark.found`),
      (m) => m.textContent === "Narishkin"), k);
    out.finding_before = await flagged(link);
    out.findings_before = await page.evaluate((k) =>
      document.querySelectorAll(`tbody.row[data-link="${k}"] ul.findings li`).length, link);
    const sentence = `tbody.row[data-link="${link}"] p[data-t]`;
    await page.click(sentence);
    await page.keyboard.press("e");
    await page.evaluate((q) => {
      const p = document.querySelector(q);
      const text = p.firstChild;
      const at = p.textContent.indexOf("Narishkin");
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + "Narishkin".length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }, sentence);
    await page.keyboard.type("Naryshkin");
    await press("Enter");
    out.text_after_fix = await page.evaluate((q) => document.querySelector(q).textContent, sentence);
    out.finding_after = await flagged(link);
    out.findings_after = await page.evaluate((k) =>
      document.querySelectorAll(`tbody.row[data-link="${k}"] ul.findings li`).length, link);
    out.errors_stat = await page.evaluate(() => document.querySelector(".stat.err dd").textContent);

    // 4. Confirm the merged headline link; undo and redo the confirmation.
    await page.click('tbody.row[data-link="1"] th.num');
    await press("c");
    out.confirmed_after_c = await page.evaluate(() => document.querySelector('tbody.row[data-link="1"]').classList.contains("confirmed"));
    await press("Control+z");
    out.confirmed_after_undo = await page.evaluate(() => document.querySelector('tbody.row[data-link="1"]').classList.contains("confirmed"));
    await press("Control+Shift+z");
    out.confirmed_after_redo = await page.evaluate(() => document.querySelector('tbody.row[data-link="1"]').classList.contains("confirmed"));
    out.unsaved_before_save = await page.evaluate(() => document.body.dataset.unsaved);

    // 5. Save with Ctrl+S.
    await press("Control+s");
    out.unsaved_after_save = await page.evaluate(() => document.body.dataset.unsaved);
    out.state_after_save = await page.evaluate(() => document.getElementById("state").textContent);
    out.message_after_save = await page.evaluate(() => document.getElementById("message").textContent);

    // 6. A reload shows the same state.
    await page.reload();
    out.rows_after_reload = await rows();
    out.confirmed_after_reload = await page.evaluate(() => document.querySelector('tbody.row[data-link="1"]').classList.contains("confirmed"));
    out.text_after_reload = await page.evaluate((q) => document.querySelector(q).textContent, sentence);
    await page.click(`tbody.row[data-link="${link}"] th.num`);
    await page.screenshot({ path: screenshot });
    out.errors = errors;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + "\n"); process.exit(1); });
