// report.html in a real browser: Debian's chromium driven over the DevTools
// protocol with puppeteer-core (scripts/install-deps.sh installs it).
//
//   node tests/browser/layout.js REPORT.html [SCREENSHOT-PREFIX]
//
// At 390 and 1280 px wide: the body has no horizontal overflow, every
// status badge lies inside the viewport width (only .scroll wrappers may
// scroll sideways, but a badge must show without that), and at 1280x800 the headline and the attention list start above
// the fold; the peers section and the partner table read at both widths
// (checkPeers, checkPartners). Prints one line per check and "browser: N passed, M failed";
// exits 1 on a failure, 77 when chromium or puppeteer-core is missing.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');

let puppeteer;
try {
	puppeteer = require('puppeteer-core');
} catch (e) {
	const { execSync } = require('child_process');
	try {
		const root = execSync('npm root -g', { encoding: 'utf8' }).trim();
		puppeteer = require(path.join(root, 'puppeteer-core'));
	} catch (e2) {
		console.log('browser: skipped: puppeteer-core is not installed (scripts/install-deps.sh)');
		process.exit(77);
	}
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
	console.log(`browser: skipped: no ${chromium}`);
	process.exit(77);
}

const report = path.resolve(process.argv[2] || 'output/report.html');
const shots = process.argv[3];
let passed = 0, failed = 0;
function check(ok, what) {
	if (ok) passed++; else failed++;
	console.log(`${ok ? 'ok' : 'FAIL'} ${what}`);
}

// "Against peers" at the page's width: its tables of cards show every cell
// without scrolling sideways (narrow screens: one card per row), every
// indicator row has the university's value and a place or count per group,
// and the positions table names every institution.
async function checkPeers(page, w) {
	const m = await page.evaluate(() => {
		const s = document.querySelector('#peers');
		if (!s)
			return null;
		const vw = document.documentElement.clientWidth;
		const tables = [...s.querySelectorAll('table.cards')];
		const cells = tables.flatMap((t) => [...t.querySelectorAll('tbody th, tbody td')]);
		const off = cells.filter((c) => {
			const r = c.getBoundingClientRect();
			return r.width > 0 && (r.left < -0.5 || r.right > vw + 0.5);
		});
		const ind = tables[0] ? [...tables[0].querySelectorAll('tbody tr')] : [];
		return {
			tables: tables.length,
			indicators: ind.length,
			placed: ind.filter((r) => r.querySelector('.place')).length,
			institutions: tables[1] ? tables[1].querySelectorAll('tbody tr').length : 0,
			off: off.map((c) => c.textContent.slice(0, 30)),
		};
	});
	check(m !== null, `${w}px: the "Against peers" section is there`);
	if (!m)
		return;
	check(m.tables === 2 && m.indicators >= 3 && m.placed === m.indicators && m.institutions >= 2,
	      `${w}px: peers: ${m.indicators} indicators, each with the groups' figures; ${m.institutions} institutions' positions`);
	check(m.off.length === 0, `${w}px: peers: every cell in view` +
	      (m.off.length ? ` (outside: ${m.off.slice(0, 3).join('; ')})` : ''));
}

// "Partner portfolio" at the page's width: the table of decisions lists
// dormant agreements before candidates, each with its state chip in view,
// and the full table is folded (not open by default).
async function checkPartners(page, w) {
	const m = await page.evaluate(() => {
		const s = document.querySelector('#partners');
		if (!s)
			return null;
		const vw = document.documentElement.clientWidth;
		const t = s.querySelector('table.cards');
		const chips = t ? [...t.querySelectorAll('.state')] : [];
		const states = chips.map((c) => c.textContent);
		const out = chips.filter((c) => {
			const r = c.getBoundingClientRect();
			return r.width === 0 || r.left < -0.5 || r.right > vw + 0.5;
		});
		const d = s.querySelector('details');
		return { states, out: out.length, folded: !!d && !d.open };
	});
	check(m !== null, `${w}px: the "Partner portfolio" section is there`);
	if (!m)
		return;
	const first = m.states.lastIndexOf('dormant'), cand = m.states.indexOf('candidate');
	check(m.states.length > 0 && m.states.every((s) => s === 'dormant' || s === 'candidate') &&
	      (cand < 0 || first < cand),
	      `${w}px: partners: ${m.states.length} decisions, dormant agreements first`);
	check(m.out === 0 && m.folded, `${w}px: partners: every state in view, every partner folded`);
}

(async () => {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'intlkpi-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: chromium,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
		       '--no-first-run', '--disable-background-networking',
		       '--disable-component-update', '--disable-sync',
		       `--user-data-dir=${profile}`],
	});
	try {
		const page = await browser.newPage();
		// the page must not load anything: fail on any request but the file
		const loads = [];
		await page.setRequestInterception(true);
		page.on('request', (r) => {
			if (r.url() === 'file://' + report) {
				r.continue();
			} else {
				loads.push(r.url());
				r.abort();
			}
		});
		for (const [w, h] of [[390, 844], [1280, 800]]) {
			await page.setViewport({ width: w, height: h });
			await page.goto('file://' + report, { waitUntil: 'load' });
			const m = await page.evaluate(() => {
				const vw = document.documentElement.clientWidth;
				const badges = [...document.querySelectorAll('.badge')];
				// also those in a table that scrolls: seen without scrolling sideways
				const outside = badges.filter((b) => {
					const r = b.getBoundingClientRect();
					return r.width > 0 && (r.left < 0 || r.right > vw + 0.5);
				}).map((b) => b.textContent + ' in ' + (b.closest('[id]') || {}).id);
				const top = (sel) => {
					const e = document.querySelector(sel);
					return e ? e.getBoundingClientRect().top + window.scrollY : null;
				};
				return {
					vw,
					scrollWidth: document.documentElement.scrollWidth,
					bodyScroll: document.body.scrollWidth,
					nbadges: badges.length,
					outside,
					headline: top('#headline'),
					attention: top('#attention'),
					scripts: document.scripts.length,
				};
			});
			check(m.scrollWidth <= m.vw && m.bodyScroll <= m.vw,
			      `${w}px: no horizontal overflow (document ${m.scrollWidth}, body ${m.bodyScroll}, viewport ${m.vw})`);
			check(m.nbadges > 0 && m.outside.length === 0,
			      `${w}px: ${m.nbadges} status badges inside the viewport` +
			      (m.outside.length ? ` (outside: ${m.outside.slice(0, 3).join('; ')})` : ''));
			if (w === 1280) {
				check(m.headline !== null && m.headline < h, `1280x800: headline above the fold (top ${m.headline})`);
				check(m.attention !== null && m.attention < h, `1280x800: attention list above the fold (top ${m.attention})`);
			}
			check(m.scripts === 0, `${w}px: no script in the page`);
			await checkPeers(page, w);
			await checkPartners(page, w);
			if (shots)
				await page.screenshot({ path: `${shots}-${w}.png`, fullPage: false });
		}
		check(loads.length === 0, `no load besides the page itself${loads.length ? ': ' + loads[0] : ''}`);
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	console.log(`browser: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	console.log(`FAIL ${e.message}`);
	console.log(`browser: ${passed} passed, ${failed + 1} failed`);
	process.exit(1);
});
