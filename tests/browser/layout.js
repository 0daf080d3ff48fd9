// report.html in a real browser: Debian's chromium driven over the DevTools
// protocol with puppeteer-core (scripts/install-deps.sh installs it).
//
//   node tests/browser/layout.js REPORT.html [SCREENSHOT-PREFIX]
//        [--through YEAR] [--illustrative] [--peers]
//
// At 390 and 1280 px wide: the body has no horizontal overflow, every
// status badge lies inside the viewport width (only .scroll wrappers may
// scroll sideways, but a badge must show without that), and at 1280x800
// the headline and the attention list start above the fold. At both
// widths: "Data through YEAR" is above the fold (YEAR as the page says,
// or --through's), and so is the illustrative-data notice with
// --illustrative; the provenance appendix is less than a fifth of the
// page's height; no value of a year after the data-through year is drawn
// as an observation in a KPI chart (the points of its "actual" series) or
// stated as a latest or judged value; no chart text runs past the chart's
// edge; the peers section and the partner table read (checkPeers,
// checkPartners; required with --peers); nothing of the provenance section
// lies outside the viewport or scrolls sideways (checkProvenance). At 390
// px every chart's text is at least 11 px high.
// Prints one line per check and "browser: N passed, M
// failed"; exits 1 on a failure, 77 when chromium or puppeteer-core is
// missing.
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

const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); if (i < 0) return null; const v = args[i + 1]; args.splice(i, 2); return v; };
const wantThrough = flag('--through');
const illustrative = args.includes('--illustrative');
if (illustrative) args.splice(args.indexOf('--illustrative'), 1);
// --peers: the report must have "Against peers" and "Partner portfolio"
// (the example's); without it they are checked when they are there
const wantPeers = args.includes('--peers');
if (wantPeers) args.splice(args.indexOf('--peers'), 1);
const report = path.resolve(args[0] || 'output/report.html');
const shots = args[1];
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
	if (wantPeers || m)
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
	if (wantPeers || m)
		check(m !== null, `${w}px: the "Partner portfolio" section is there`);
	if (!m)
		return;
	const first = m.states.lastIndexOf('dormant'), cand = m.states.indexOf('candidate');
	check(m.states.length > 0 && m.states.every((s) => s === 'dormant' || s === 'candidate') &&
	      (cand < 0 || first < cand),
	      `${w}px: partners: ${m.states.length} decisions, dormant agreements first`);
	check(m.out === 0 && m.folded, `${w}px: partners: every state in view, every partner folded`);
}

// The provenance appendix at the page's width: nothing of it lies outside
// the viewport (the caption's sentence, every column, the warnings under a
// source) and nothing in it scrolls sideways: at 390 px a table in a
// scrolling box hid its caption's end and its Read, State and URL columns.
async function checkProvenance(page, w) {
	const m = await page.evaluate(() => {
		const s = document.querySelector('#provenance');
		if (!s)
			return null;
		const vw = document.documentElement.clientWidth;
		const seen = [...s.querySelectorAll('*')].filter((e) => {
			const r = e.getBoundingClientRect();
			return r.width > 0 && r.height > 0;
		});
		const out = seen.filter((e) => {
			const r = e.getBoundingClientRect();
			return r.left < -0.5 || r.right > vw + 0.5;
		});
		const scrolls = seen.filter((e) => e.scrollWidth > e.clientWidth + 1 &&
			getComputedStyle(e).overflowX !== 'visible');
		const name = (e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
			' "' + e.textContent.trim().slice(0, 30) + '"';
		return {
			rows: s.querySelectorAll('tbody tr').length,
			caption: !!s.querySelector('caption, .caption'),
			out: out.map(name), scrolls: scrolls.map(name),
		};
	});
	check(m !== null && m.rows > 0 && m.caption, `${w}px: the provenance table is there, with its caption`);
	if (!m)
		return;
	check(m.out.length === 0 && m.scrolls.length === 0,
	      `${w}px: provenance: nothing outside the viewport or scrolled sideways` +
	      (m.out.length ? ` (outside: ${m.out.slice(0, 3).join('; ')})` : '') +
	      (m.scrolls.length ? ` (scrolls: ${m.scrolls.slice(0, 2).join('; ')})` : ''));
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
			const q = await page.evaluate((h) => {
				const el = (sel) => document.querySelector(sel);
				const topOf = (e) => e ? e.getBoundingClientRect().top + window.scrollY : null;
				const bottomOf = (e) => e ? e.getBoundingClientRect().bottom + window.scrollY : null;
				const dt = el('#data-through');
				const m = dt ? /Data through (\d{4})/.exec(dt.textContent) : null;
				const through = m ? +m[1] : null;
				// chart text in px on screen: font size times the SVG's scale
				let minText = Infinity, minWhat = '';
				for (const t of document.querySelectorAll('figure svg text')) {
					const ctm = t.getScreenCTM();
					if (!ctm || !t.textContent.trim()) continue;
					const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
					if (px < minText) { minText = px; minWhat = t.textContent.trim(); }
				}
				// chart text cut at the chart's edge (a title too long for a phone)
				const cut = [];
				for (const svg of document.querySelectorAll('figure svg')) {
					const box = svg.getBoundingClientRect();
					for (const t of svg.querySelectorAll('text')) {
						const r = t.getBoundingClientRect();
						if (r.width && (r.left < box.left - 1 || r.right > box.right + 1))
							cut.push(t.textContent.trim().slice(0, 40));
					}
				}
				// points of each KPI chart's last series ("actual") right of the data-through year
				const drawnLate = [];
				for (const fig of document.querySelectorAll('figure[id^="kpi-"]')) {
					const svg = fig.querySelector('svg');
					if (!svg || through === null) continue;
					const years = {};
					let ticTop = Infinity;
					for (const t of svg.querySelectorAll('text')) {
						const s = t.textContent.trim();
						if (!/^(19|20)\d\d$/.test(s)) continue;
						const r = t.getBoundingClientRect();
						years[+s] = r.left + r.width / 2;
						ticTop = Math.min(ticTop, r.top);
					}
					const groups = svg.querySelectorAll('g[id*="gnuplot_plot_"]');
					if (!groups.length || years[through] === undefined || years[through + 1] === undefined)
						continue;
					const limit = (years[through] + years[through + 1]) / 2;
					for (const u of groups[groups.length - 1].querySelectorAll('use')) {
						const r = u.getBoundingClientRect();
						if (r.top + r.height / 2 < ticTop && r.left + r.width / 2 > limit)
							drawnLate.push(fig.id);
					}
				}
				// latest values and judgements of a later year, in words
				const judgedLate = [];
				if (through !== null) {
					const cells = [...document.querySelectorAll('#summary tbody tr')].map((r) => (r.cells[2] || {}).textContent || '');
					const words = [el('#attention') ? el('#attention').textContent : ''].concat(cells);
					for (const w of words)
						for (const y of w.matchAll(/\b(\d{4}):|\((\d{4})\)|in (\d{4})\b/g)) {
							const yr = +(y[1] || y[2] || y[3]);
							if (yr > through) judgedLate.push(y[0]);
						}
				}
				const prov = el('#provenance');
				return {
					through,
					throughTop: topOf(dt),
					illustrativeBottom: bottomOf(el('#illustrative')),
					minText, minWhat, cut,
					drawnLate, judgedLate,
					provShare: prov ? prov.getBoundingClientRect().height / document.documentElement.scrollHeight : null,
				};
			}, h);
			check(q.through !== null && (!wantThrough || q.through === +wantThrough) &&
			      q.throughTop !== null && q.throughTop < h,
			      `${w}px: "Data through ${q.through}" above the fold (top ${q.throughTop})`);
			if (illustrative)
				check(q.illustrativeBottom !== null && q.illustrativeBottom < h,
				      `${w}px: the illustrative-data notice above the fold (bottom ${q.illustrativeBottom})`);
			check(q.provShare !== null && q.provShare < 0.2,
			      `${w}px: provenance is ${q.provShare === null ? '?' : (100 * q.provShare).toFixed(1)}% of the page height (< 20%)`);
			check(q.drawnLate.length === 0,
			      `${w}px: no value after ${q.through} drawn as an observation` +
			      (q.drawnLate.length ? ` (in ${[...new Set(q.drawnLate)].join(', ')})` : ''));
			check(q.judgedLate.length === 0,
			      `${w}px: no value after ${q.through} stated or judged` +
			      (q.judgedLate.length ? ` (${q.judgedLate.slice(0, 3).join('; ')})` : ''));
			check(q.cut.length === 0, `${w}px: no chart text cut at the chart's edge` +
			      (q.cut.length ? ` (${q.cut.length}: "${q.cut.slice(0, 3).join('"; "')}")` : ''));
			if (w === 390)
				check(q.minText >= 11, `390px: chart text at least 11 px (smallest ${q.minText.toFixed(1)} px: "${q.minWhat}")`);
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
			await checkProvenance(page, w);
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
