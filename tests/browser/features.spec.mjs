/*
 * The staff pages of issue 21 in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core), as a receptionist uses
 * them, each at 1,280 and 375 px wide: the waitlist (add, edit, remove an
 * entry); a weekly series (conflicts listed before booking, cancel one
 * session then the rest); a no-show marked and undone, counted on the
 * patient page; a patient's export (the archive downloads) and erasure
 * after a confirmation; a patient's opt-out (STOP) seen and cleared; the
 * waitlist and no-show settings.  Every page visited leaves a PNG named
 * page-width in SOPHIE_LAYOUT_DIR and a line in its overflow.txt
 * (scrollWidth and innerWidth); a page wider than the window fails.
 *
 * tests/integration/test_browser_features.py starts the suite, makes the
 * rows each width works on (SOPHIE_<WHAT>_<WIDTH> below) and runs this
 * file; it then checks in the database what the pages did.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = process.env;
const BASE = env.SOPHIE_BASE_URL;
const CLINIC = env.SOPHIE_CLINIC_ID;
const ADMIN = `/clinic/${CLINIC}/admin`;
const SHOTS = env.SOPHIE_SHOT_DIR || 'tests/out/browser-features';
const LAYOUT = env.SOPHIE_LAYOUT_DIR || SHOTS;
/* Bound on one step (a navigation, a click, a wait for text). */
const STEP = 30000;
/* Bound on one scenario (both widths). */
const SCENARIO = { timeout: 180000 };
const WIDTHS = [1280, 375];

for (const k of ['SOPHIE_BASE_URL', 'SOPHIE_CLINIC_ID', 'SOPHIE_ADMIN_EMAIL',
    'SOPHIE_ADMIN_PASSWORD'])
	if (!env[k])
		throw new Error(`${k} is not set`);

let browser;
let signedIn;

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	mkdirSync(LAYOUT, { recursive: true });
	browser = await chromium.launch({
		executablePath: env.SOPHIE_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		timeout: STEP,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
});

after(async () => {
	if (browser)
		await browser.close();
});

/* What the harness made for this width: SOPHIE_<what>_<width>. */
function given(what, width) {
	const v = env[`SOPHIE_${what}_${width}`];
	assert.ok(v, `SOPHIE_${what}_${width} is not set`);
	return v;
}

/* A page of that width recording documents, failures and script errors. */
async function rawPage(width, state) {
	const context = await browser.newContext({
		viewport: { width, height: 900 }, locale: 'fr-FR',
		acceptDownloads: true, storageState: state,
	});
	const page = await context.newPage();
	page.setDefaultTimeout(STEP);
	page.setDefaultNavigationTimeout(STEP);
	page.docs = [];
	page.broken = [];
	page.errors = [];
	page.on('response', (r) => {
		const q = r.request();
		if (q.isNavigationRequest() && q.frame() === page.mainFrame())
			page.docs.push({ method: q.method(), url: r.url(),
			    status: r.status() });
		else if (r.status() >= 400)
			page.broken.push(`${r.status()} ${r.url()}`);
	});
	page.on('pageerror', (e) => page.errors.push(String(e)));
	return page;
}

/* Go to an admin path; asserts the page answered 200. */
async function open(page, path) {
	const r = await page.goto(BASE + path, { waitUntil: 'load' });
	assert.ok(r, `no response for ${path}`);
	assert.equal(r.status(), 200, `GET ${path}: ${r.status()}`);
}

/*
 * Click a button or link and wait for the page it leads to.  A POST must
 * answer a redirect (303); the last page loaded must answer 200.
 */
async function submit(page, loc) {
	const n = page.docs.length;
	await Promise.all([page.waitForEvent('load'), loc.click()]);
	const docs = page.docs.slice(n);
	assert.ok(docs.length >= 1, 'the click did not load a page');
	if (docs[0].method === 'POST')
		assert.equal(docs[0].status, 303,
		    `POST ${docs[0].url} answered ${docs[0].status}: ` +
		    (await page.locator('body').innerText()).slice(0, 300));
	const last = docs[docs.length - 1];
	assert.equal(last.status, 200, `${last.url} answered ${last.status}`);
}

/* Sign in once through the form; later pages reuse its cookies. */
async function signedPage(width) {
	if (!signedIn) {
		const p = await rawPage(1280);
		try {
			await open(p, `${ADMIN}/login`);
			await p.locator('#email').fill(env.SOPHIE_ADMIN_EMAIL);
			await p.locator('#password').fill(
			    env.SOPHIE_ADMIN_PASSWORD);
			await submit(p, p.getByRole('button',
			    { name: 'Se connecter' }));
			signedIn = await p.context().storageState();
		} finally {
			await p.context().close();
		}
	}
	return rawPage(width, signedIn);
}

/* A scenario at one width; on failure the page is kept as a PNG. */
async function atWidth(slug, width, body) {
	const page = await signedPage(width);
	try {
		await body(page);
		assert.deepEqual(page.broken, [], 'subresources failed');
		assert.deepEqual(page.errors, [], 'page script errors');
	} catch (e) {
		await page.screenshot({ path: join(SHOTS,
		    `${slug}-${width}-FAILED.png`), fullPage: true })
		    .catch(() => {});
		throw e;
	} finally {
		await page.context().close();
	}
}

/*
 * The page as it is: a full-page PNG named name-width, and no horizontal
 * overflow (the document no wider than the window; wide tables scroll
 * inside their .scroll box).
 */
async function look(page, name) {
	const w = page.viewportSize().width;
	await page.screenshot({ path: join(LAYOUT, `${name}-${w}.png`),
	    fullPage: true, timeout: STEP });
	const m = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth,
		iw: window.innerWidth }));
	appendFileSync(join(LAYOUT, 'overflow.txt'),
	    `${name} ${w} scrollWidth=${m.sw} innerWidth=${m.iw}\n`);
	assert.ok(m.sw <= m.iw, `${name} at ${w} px overflows: ` +
	    `scrollWidth ${m.sw} > innerWidth ${m.iw}`);
}

/* The text of the page's main element. */
async function mainText(page) {
	return page.locator('main').innerText();
}

test('waitlist: add, edit and remove an entry', SCENARIO, async () => {
	for (const width of WIDTHS) {
		await atWidth('waitlist', width, async (page) => {
			const who = given('WL_PATIENT', width);
			const [from, to, to2] = given('WL_DAYS', width)
			    .split(',');
			await open(page, `${ADMIN}/waitlist`);
			await look(page, 'waitlist');
			const add = page.locator('form#wl-add');
			const opt = add.locator('select[name=patientId] option',
			    { hasText: who });
			assert.equal(await opt.count(), 1, `${who} not offered`);
			await add.locator('select[name=patientId]').selectOption(
			    await opt.getAttribute('value'));
			await add.locator('input[name=earliest]').fill(from);
			await add.locator('input[name=latest]').fill(to);
			await add.locator('select[name=partOfDay]')
			    .selectOption('morning');
			await submit(page, add.getByRole('button',
			    { name: 'Ajouter à la liste' }));
			let row = page.locator('table.waitlist tr',
			    { hasText: who });
			await row.first().waitFor();
			assert.equal(await row.count(), 1);
			assert.match(await row.innerText(), /le matin/);
			assert.match(await row.innerText(), /En attente/);
			await look(page, 'waitlist-added');

			/* Edit: a wider window, any part of the day. */
			await row.locator('summary', { hasText: 'Modifier' })
			    .click();
			const ed = row.locator('form.wl-edit');
			await ed.locator('input[name=latest]').fill(to2);
			await ed.locator('select[name=partOfDay]')
			    .selectOption('');
			await look(page, 'waitlist-edit');
			await submit(page, ed.getByRole('button',
			    { name: 'Enregistrer' }));
			row = page.locator('table.waitlist tr',
			    { hasText: who });
			assert.equal(await row.count(), 1,
			    'the edit made a second entry');
			assert.match(await row.innerText(),
			    new RegExp(`${to2}`));
			assert.doesNotMatch(await row.innerText(), /le matin/);

			/* Remove. */
			await submit(page, row.getByRole('button',
			    { name: /^Retirer/ }));
			row = page.locator('table.waitlist tr',
			    { hasText: who });
			assert.match(await row.innerText(), /Retiré/);
			assert.equal(await row.getByRole('button',
			    { name: /^Retirer/ }).count(), 0);
			await look(page, 'waitlist-removed');
		});
	}
});

test('series: conflicts listed, booked, one then the rest cancelled',
    SCENARIO, async () => {
	for (const width of WIDTHS) {
		await atWidth('series', width, async (page) => {
			const pat = given('SERIES_PATIENT', width);
			await open(page, `${ADMIN}/patients/${pat}`);
			await submit(page, page.getByRole('link',
			    { name: 'Réserver une série de séances' }));
			await look(page, 'series-form');
			await page.locator('#practitioner_id').selectOption(
			    given('SERIES_PRACT', width));
			await page.locator('#treatment_id').selectOption(
			    given('SERIES_TREAT', width));
			await page.locator('#starts_at').fill(
			    given('SERIES_START', width));
			await page.locator('#rule').selectOption('weekly');
			await page.locator('#count').fill('4');
			await submit(page, page.getByRole('button',
			    { name: 'Voir les dates' }));
			/* Four dates; the second is taken (an appointment of
			 * another patient), listed with its reason. */
			const items = page.locator('ul.series-dates li');
			assert.equal(await items.count(), 4);
			const second = await items.nth(1).innerText();
			assert.match(second, /impossible/, second);
			assert.equal(await items.nth(1).locator('input')
			    .count(), 0, 'a conflict can be ticked');
			const free = page.locator(
			    'ul.series-dates input[type=checkbox]');
			assert.equal(await free.count(), 3);
			await look(page, 'series-preview');
			await submit(page, page.getByRole('button',
			    { name: 'Réserver les dates cochées' }));
			assert.match(new URL(page.url()).pathname,
			    new RegExp(`${ADMIN}/series/[0-9a-f-]{36}$`));
			const s = page.locator('ul.series-dates li');
			assert.equal(await s.count(), 3);
			await look(page, 'series-detail');
			/* Cancel the first session only. */
			await submit(page, s.nth(0).getByRole('button',
			    { name: 'Annuler cette séance' }));
			assert.match(await s.nth(0).innerText(), /annulé/);
			assert.match(await s.nth(1).innerText(), /réservé/);
			/* Then the second and those after it. */
			await submit(page, s.nth(1).getByRole('button',
			    { name: 'Annuler celle-ci et les suivantes' }));
			for (let i = 0; i < 3; i++)
				assert.match(await s.nth(i).innerText(),
				    /annulé/);
			assert.equal(await page.getByRole('button',
			    { name: /^Annuler/ }).count(), 0);
			await look(page, 'series-cancelled');
		});
	}
});

test('no-show: marked, counted on the patient page, undone', SCENARIO,
    async () => {
	for (const width of WIDTHS) {
		await atWidth('noshow', width, async (page) => {
			const appt = given('NS_APPT', width);
			const pat = given('NS_PATIENT', width);
			await open(page, `${ADMIN}/patients/${pat}`);
			assert.match(await page.locator('#noshows').innerText(),
			    /0/);
			await open(page, `${ADMIN}/appointments/${appt}`);
			await submit(page, page.getByRole('button',
			    { name: 'Absent', exact: true }));
			assert.match(await page.locator('main p b').first()
			    .innerText(), /absent/);
			await look(page, 'noshow-appointment');
			await submit(page, page.getByRole('link',
			    { name: 'Fiche patient' }));
			assert.match(await page.locator('#noshows').innerText(),
			    /\b1\b/);
			await look(page, 'noshow-patient');
			await open(page, `${ADMIN}/appointments/${appt}`);
			await submit(page, page.getByRole('button',
			    { name: /^Rétablir/ }));
			assert.match(await page.locator('main p b').first()
			    .innerText(), /réservé/);
			await open(page, `${ADMIN}/patients/${pat}`);
			assert.match(await page.locator('#noshows').innerText(),
			    /\b0\b/);
		});
	}
});

test('privacy: export downloads, erase after confirming', SCENARIO,
    async () => {
	for (const width of WIDTHS) {
		await atWidth('privacy', width, async (page) => {
			const pat = given('PRIV_PATIENT', width);
			const name = given('PRIV_NAME', width);
			await open(page, `${ADMIN}/patients/${pat}`);
			assert.match(await mainText(page), new RegExp(name));
			await page.locator('summary',
			    { hasText: 'Données personnelles' }).click();
			await look(page, 'privacy-patient');
			const [dl] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('button',
				    { name: 'Exporter les données' }).click(),
			]);
			assert.equal(dl.suggestedFilename(),
			    `patient-${pat}.tar`);
			const file = join(SHOTS, `export-${width}.tar`);
			await dl.saveAs(file);
			assert.ok(statSync(file).size > 1024, 'empty archive');
			await submit(page, page.getByRole('link',
			    { name: 'Effacer le patient…' }));
			assert.match(await mainText(page), /Effacer ce patient/);
			assert.match(await mainText(page), new RegExp(name));
			await look(page, 'privacy-erase');
			await submit(page, page.getByRole('button',
			    { name: 'Oui, effacer définitivement' }));
			assert.equal(new URL(page.url()).pathname,
			    `${ADMIN}/patients/${pat}`);
			const t = await mainText(page);
			assert.match(t, /Erased patient #\d+/);
			assert.match(t, /\+999\d{11}/);
			assert.doesNotMatch(t, new RegExp(name));
			await look(page, 'privacy-erased');
		});
	}
});

test('opt-out: seen on the patient page and cleared', SCENARIO,
    async () => {
	for (const width of WIDTHS) {
		await atWidth('optout', width, async (page) => {
			const pat = given('OPT_PATIENT', width);
			await open(page, `${ADMIN}/patients/${pat}`);
			const box = page.locator('#optout');
			assert.match(await box.innerText(),
			    /ne plus recevoir de messages/);
			await look(page, 'optout-patient');
			await submit(page, box.getByRole('button',
			    { name: 'Réautoriser les messages' }));
			assert.equal(new URL(page.url()).pathname,
			    `${ADMIN}/patients/${pat}`);
			assert.equal(await page.locator('#optout').count(), 0);
			await look(page, 'optout-cleared');
		});
	}
});

test('settings: waitlist and no-show fields saved', SCENARIO, async () => {
	for (const width of WIDTHS) {
		await atWidth('settings', width, async (page) => {
			const v = given('SET_VALUES', width).split(',');
			await open(page, `${ADMIN}/settings`);
			await submit(page, page.getByRole('link',
			    { name: 'Absences aux rendez-vous' }));
			await page.locator('#waitlist_batch').fill(v[0]);
			await page.locator('#waitlist_offer_minutes').fill(v[1]);
			await page.locator('#threshold').fill(v[2]);
			await page.locator('#action').selectOption('staff');
			await page.locator('#message_en').fill(v[3]);
			await look(page, 'settings-noshow');
			await submit(page, page.getByRole('button',
			    { name: 'Enregistrer' }));
			await open(page, `${ADMIN}/settings/noshow`);
			assert.equal(await page.locator('#waitlist_batch')
			    .inputValue(), v[0]);
			assert.equal(await page.locator(
			    '#waitlist_offer_minutes').inputValue(), v[1]);
			assert.equal(await page.locator('#threshold')
			    .inputValue(), v[2]);
			assert.equal(await page.locator('#action')
			    .inputValue(), 'staff');
			assert.equal(await page.locator('#message_en')
			    .inputValue(), v[3]);
		});
	}
});
