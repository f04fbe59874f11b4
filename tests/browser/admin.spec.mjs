/*
 * The clinic admin pages in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core), as a member of staff uses them: sign in and
 * read the dashboard, add a practitioner with working hours, book and
 * cancel an appointment from the calendar, take over a conversation and
 * reply.  Each step asserts what the page shows and leaves a PNG in
 * SOPHIE_SHOT_DIR.
 *
 * tests/integration/test_browser.py starts the suite and runs this file
 * with the environment below; by hand:
 *   SOPHIE_BASE_URL=http://127.0.0.1:PORT SOPHIE_CLINIC_ID=... \
 *   SOPHIE_ADMIN_EMAIL=... SOPHIE_ADMIN_PASSWORD=... \
 *   node --test-reporter=tap --test tests/browser/
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = process.env;
const BASE = env.SOPHIE_BASE_URL;
const CLINIC = env.SOPHIE_CLINIC_ID;
const EMAIL = env.SOPHIE_ADMIN_EMAIL;
const PASSWORD = env.SOPHIE_ADMIN_PASSWORD;
const SHOTS = env.SOPHIE_SHOT_DIR || 'tests/out/browser';
const ADMIN = `/clinic/${CLINIC}/admin`;
/* Bound on one step (a navigation, a click, a wait for text). */
const STEP = 20000;
/* Bound on one scenario. */
const SCENARIO = { timeout: 60000 };
/* Unique per run unless the harness chose: names the rows this run adds. */
const RUN = env.SOPHIE_RUN || String(Date.now() % 1000000);

let browser;
let nshot = 0;

for (const k of ['SOPHIE_BASE_URL', 'SOPHIE_CLINIC_ID', 'SOPHIE_ADMIN_EMAIL',
    'SOPHIE_ADMIN_PASSWORD'])
	if (!env[k])
		throw new Error(`${k} is not set`);

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	/*
	 * playwright gives the browser a new empty profile (its own
	 * --user-data-dir); these flags keep it from calling home on a
	 * closed network.
	 */
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

/*
 * A fresh page (its own cookies) that records every document the main
 * frame loads and every failed subresource, so a scenario can assert
 * that nothing it fetched failed.
 */
async function newPage() {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		locale: 'fr-FR',
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

/* Full-page PNG named after the scenario step. */
async function shot(page, name) {
	nshot++;
	const n = String(nshot).padStart(2, '0');
	const file = join(SHOTS, `${n}-${name}.png`);
	await page.screenshot({ path: file, fullPage: true, timeout: STEP });
	return file;
}

/*
 * A scenario on a fresh page; when it fails, the page as it was is kept
 * as <slug>-FAILED.png beside the others.
 */
async function withPage(slug, body) {
	const page = await newPage();
	try {
		await body(page);
	} catch (e) {
		await shot(page, `${slug}-FAILED`).catch(() => {});
		throw e;
	} finally {
		await page.context().close();
	}
}

/* Go to an admin path; asserts the page answered 200. */
async function open(page, path) {
	const r = await page.goto(BASE + path, { waitUntil: 'load' });
	assert.ok(r, `no response for ${path}`);
	assert.equal(r.status(), 200, `GET ${path}: ${r.status()}`);
}

/*
 * Click a submit button and wait for the page it leads to.  Asserts the
 * POST answered a redirect (303) and the page after it loaded with 200.
 */
async function submit(page, button) {
	const n = page.docs.length;
	await Promise.all([
		page.waitForEvent('load', { timeout: STEP }),
		button.click(),
	]);
	const docs = page.docs.slice(n);
	assert.ok(docs.length >= 1, 'the form did not load a page');
	const post = docs[0];
	const last = docs[docs.length - 1];
	assert.equal(post.method, 'POST', `expected a POST: ${post.url}`);
	assert.equal(post.status, 303,
	    `POST ${post.url} answered ${post.status}: ` +
	    (await page.locator('body').innerText()).slice(0, 300));
	assert.equal(last.status, 200, `${last.url} answered ${last.status}`);
	return last.url;
}

/* The page's h1 (every admin page has one). */
async function heading(page) {
	return (await page.locator('main h1').innerText()).trim();
}

/* Sign in through the form; lands on the dashboard. */
async function signIn(page) {
	await open(page, `${ADMIN}/login`);
	await page.locator('#email').fill(EMAIL);
	await page.locator('#password').fill(PASSWORD);
	const url = await submit(page,
	    page.getByRole('button', { name: 'Se connecter' }));
	assert.equal(new URL(url).pathname, ADMIN);
	const cookies = await page.context().cookies(BASE);
	const c = cookies.find((x) => x.name === 'sophie');
	assert.ok(c, 'no session cookie named sophie');
	assert.equal(c.httpOnly, true, 'session cookie readable by scripts');
}

/* Nothing a page loaded failed and no script error was raised. */
function assertClean(page) {
	assert.deepEqual(page.broken, [], 'subresources failed');
	assert.deepEqual(page.errors, [], 'page script errors');
}

/* Local date n days from today, YYYY-MM-DD (clinic and runner: Paris/UTC
 * differ by at most a day; the booking day is far from the edges). */
function dayFromNow(n) {
	const d = new Date(Date.now() + n * 86400000);
	return d.toISOString().slice(0, 10);
}

test('sign in and read the dashboard', SCENARIO, async () => {
	await withPage('dashboard', async (page) => {
		/* A wrong login stays on the form and says so. */
		await open(page, `${ADMIN}/login`);
		assert.equal(await heading(page), 'Connexion');
		await shot(page, 'login-form');
		await page.locator('#email').fill(`nobody-${RUN}@demo.invalid`);
		await page.locator('#password').fill('not-the-password');
		await Promise.all([page.waitForEvent('load'),
		    page.getByRole('button', { name: 'Se connecter' }).click()]);
		assert.equal(page.docs[page.docs.length - 1].status, 401);
		assert.match(await page.locator('p.error').innerText(),
		    /incorrect/);
		assert.equal((await page.context().cookies(BASE))
		    .filter((x) => x.name === 'sophie').length, 0,
		    'a failed sign-in set a session cookie');
		await shot(page, 'login-refused');

		await signIn(page);
		assert.equal(await heading(page), 'Tableau de bord');
		const muted = await page.locator('main p.muted').first()
		    .innerText();
		if (env.SOPHIE_CLINIC_NAME)
			assert.ok(muted.includes(env.SOPHIE_CLINIC_NAME),
			    `clinic name not shown: ${muted}`);
		assert.match(muted, /\d{4}-\d{2}-\d{2}/, 'today not shown');
		/* Two rows of figure cards, each a number and a caption. */
		const cards = page.locator('.cards .card');
		assert.equal(await cards.count(), 9, 'figure cards');
		for (const t of await cards.allInnerTexts())
			assert.match(t.trim(), /^\d+\s*\S/, `card: ${t}`);
		await assert.doesNotReject(page.getByRole('heading',
		    { name: "Aujourd'hui" }).waitFor());
		await assert.doesNotReject(page.getByRole('heading',
		    { name: 'Cette semaine' }).waitFor());
		/* The SVG chart: 14 days, a bar pair and a label each. */
		const svg = page.locator('svg.chart');
		await svg.waitFor();
		const box = await svg.boundingBox();
		assert.ok(box && box.width > 100 && box.height > 50,
		    `chart not drawn: ${JSON.stringify(box)}`);
		assert.equal(await svg.locator('g').count(), 14, 'chart days');
		assert.equal(await svg.locator('rect.a').count(), 14);
		assert.equal(await svg.locator('rect.m').count(), 14);
		const title = await svg.locator('g title').first()
		    .textContent();
		assert.match(title, /\d+ rendez-vous, \d+ messages/);
		/* The navigation every page has. */
		for (const name of ['Conversations', 'Rendez-vous', 'Patients',
		    'Praticiens'])
			assert.equal(await page.locator('header nav')
			    .getByRole('link', { name, exact: true }).count(), 1,
			    `nav link ${name}`);
		/* Figures: at least the messages of today the harness
		 * counted, and a week holds its today. */
		const fig = async (i) =>
		    Number(await cards.nth(i).locator('b').innerText());
		assert.match(await cards.nth(1).innerText(), /messages/);
		if (env.SOPHIE_MESSAGES_TODAY !== undefined)
			assert.ok(await fig(1) >= Number(env.SOPHIE_MESSAGES_TODAY),
			    `messages today ${await fig(1)} < ` +
			    env.SOPHIE_MESSAGES_TODAY);
		if (env.SOPHIE_APPOINTMENTS_TODAY !== undefined)
			assert.equal(await fig(0),
			    Number(env.SOPHIE_APPOINTMENTS_TODAY),
			    'appointments today');
		assert.ok(await fig(6) >= await fig(1), 'week < today');
		assert.ok(await fig(5) >= await fig(0), 'week < today');
		await shot(page, 'dashboard');
		assertClean(page);
	});
});

test('create a practitioner with working hours', SCENARIO, async () => {
	const first = 'Camille';
	const last = env.SOPHIE_PRACT_LAST || `Navigateur${RUN}`;
	await withPage('practitioner', async (page) => {
		await signIn(page);
		await page.locator('header nav').getByRole('link',
		    { name: 'Praticiens', exact: true }).click();
		await page.waitForURL(`**${ADMIN}/practitioners`);
		assert.equal(await heading(page), 'Praticiens');
		for (const n of ['Leal', 'Martin', 'Bernard'])
			assert.ok(await page.locator('table td a',
			    { hasText: n }).count() >= 1, `${n} not listed`);
		assert.equal(await page.locator('table td a',
		    { hasText: last }).count(), 0);
		const form = page.locator('form[action$="/practitioners"]');
		await form.locator('#first_name').fill(first);
		await form.locator('#last_name').fill(last);
		await form.locator('#specialty').fill('Orthodontie');
		await form.locator('#email').fill(`camille.${RUN}@demo.invalid`);
		await shot(page, 'practitioner-new-form');
		const url = await submit(page, form.getByRole('button',
		    { name: 'Ajouter' }));
		/* The new practitioner's own page. */
		assert.match(new URL(url).pathname,
		    new RegExp(`${ADMIN}/practitioners/[0-9a-f-]{36}$`));
		assert.equal(await page.locator('main h2').first().innerText(),
		    `Dr ${first} ${last}`);
		assert.equal(await page.locator('#specialty').inputValue(),
		    'Orthodontie');

		/* Hours (the week editor): Monday two ranges, Wednesday one,
		 * the rest closed. */
		const hours = page.locator('form[action$="/hours"]');
		assert.equal(await hours.locator('input[name$="_open"]').count(),
		    7);
		assert.match(await hours.locator('tbody th').first().innerText(),
		    /lundi/);
		const day = async (loc, d, ranges) => {
			await loc.locator(`input[name="d${d}_open"]`).check();
			for (let i = 0; i < ranges.length; i++) {
				await loc.locator(`input[name="d${d}_start${i + 1}"]`)
				    .fill(ranges[i][0]);
				await loc.locator(`input[name="d${d}_end${i + 1}"]`)
				    .fill(ranges[i][1]);
			}
		};
		await day(hours, 0, [['09:00', '12:00'], ['14:00', '18:30']]);
		await day(hours, 2, [['08:30', '13:00']]);
		await shot(page, 'practitioner-hours-filled');
		const url2 = await submit(page, hours.getByRole('button',
		    { name: 'Enregistrer la semaine' }));
		assert.equal(url2, url, 'hours form went elsewhere');
		const h = page.locator('form[action$="/hours"]');
		assert.equal(await h.locator('input[name="d0_end2"]').inputValue(),
		    '18:30');
		assert.equal(await h.locator('input[name="d2_start1"]')
		    .inputValue(), '08:30');
		assert.equal(await h.locator('input[name="d1_open"]').isChecked(),
		    false);
		await shot(page, 'practitioner-hours-saved');

		/* A bad range is refused and the saved hours stay. */
		await day(h, 4, [['18:00', '09:00']]);
		await Promise.all([page.waitForEvent('load'),
		    h.getByRole('button',
		    { name: 'Enregistrer la semaine' }).click()]);
		const refused = page.docs[page.docs.length - 1];
		assert.equal(refused.status, 422, 'reversed range accepted');
		assert.match(await page.locator('main p.error').innerText(),
		    /vendredi/, 'the refusal does not say why');
		await shot(page, 'practitioner-hours-refused');
		await open(page, new URL(url).pathname);
		assert.equal(await page.locator('input[name="d4_open"]')
		    .isChecked(), false);
		assert.equal(await page.locator('input[name="d0_start2"]')
		    .inputValue(), '14:00');

		/* Listed with the others. */
		await open(page, `${ADMIN}/practitioners`);
		const row = page.locator('table tr', { hasText: last });
		assert.equal(await row.count(), 1, 'new practitioner not listed');
		const cells = await row.locator('td').allInnerTexts();
		assert.equal(cells[0].trim(), `Dr ${first} ${last}`);
		assert.equal(cells[1].trim(), 'Orthodontie');
		assert.equal(cells[4].trim(), 'oui');
		await shot(page, 'practitioners-listed');
		assertClean(page);
	});
});

test('book and cancel an appointment from the calendar', SCENARIO,
    async () => {
	const day = env.SOPHIE_APPT_DAY || dayFromNow(200 + Number(RUN) % 300);
	const time = env.SOPHIE_APPT_TIME || '07:10';
	const last = env.SOPHIE_PATIENT_LAST || `Calendrier${RUN}`;
	const phone = env.SOPHIE_PATIENT_PHONE ||
	    `+3361${String(RUN).padStart(7, '0').slice(-7)}`;
	const pract = 'Dr Sophie Bernard';
	await withPage('calendar', async (page) => {
		await signIn(page);
		await open(page, `${ADMIN}/appointments?view=week&date=${day}`);
		assert.equal(await heading(page), 'Semaine');
		/* Seven days from Monday, the booking day among them. */
		const days = await page.locator('main h2').allInnerTexts();
		assert.equal(days.length, 7, `week days: ${days}`);
		assert.match(days[0], /^lundi /);
		assert.ok(days.some((d) => d.endsWith(day)), `${day} not shown`);
		assert.equal(await page.locator('tr', { hasText: last })
		    .count(), 0);

		const form = page.locator('form[action$="/appointments"]');
		await form.locator('#practitioner_id')
		    .selectOption({ label: pract });
		const treat = form.locator('#treatment_id option',
		    { hasText: 'Consultation' });
		await form.locator('#treatment_id').selectOption(
		    await treat.first().getAttribute('value'));
		await form.locator('#starts_at').fill(`${day}T${time}`);
		await form.locator('#phone').fill(phone);
		await form.locator('#first_name').fill('Lucie');
		await form.locator('#last_name').fill(last);
		await shot(page, 'appointment-form-filled');
		await submit(page, form.getByRole('button',
		    { name: 'Réserver et prévenir le patient' }));
		assert.equal(await heading(page), 'Rendez-vous');

		/* On the day view of that day, with its time and patient. */
		await open(page, `${ADMIN}/appointments?view=day&date=${day}`);
		assert.equal(await heading(page), 'Journée');
		const row = page.locator('tr', { hasText: last });
		assert.equal(await row.count(), 1, 'booking not on the calendar');
		const cells = await row.locator('td').allInnerTexts();
		assert.match(cells[0], new RegExp(`${time}`));
		assert.ok(cells[1].includes(`Lucie ${last}`), cells[1]);
		assert.ok(cells[1].includes(phone), cells[1]);
		assert.equal(cells[2].trim(), pract);
		assert.match(cells[3], /Consultation/);
		assert.match(cells[4], /réservé/);
		await shot(page, 'calendar-booked');

		/* The same slot again is refused (the practitioner is busy). */
		const again = page.locator('form[action$="/appointments"]');
		await again.locator('#practitioner_id')
		    .selectOption({ label: pract });
		await again.locator('#treatment_id').selectOption(
		    await again.locator('#treatment_id option',
		    { hasText: 'Consultation' }).first().getAttribute('value'));
		await again.locator('#starts_at').fill(`${day}T${time}`);
		await again.locator('#phone').fill(phone);
		await again.locator('#first_name').fill('Lucie');
		await again.locator('#last_name').fill(last);
		await Promise.all([page.waitForEvent('load'),
		    again.getByRole('button',
		    { name: 'Réserver et prévenir le patient' }).click()]);
		assert.equal(page.docs[page.docs.length - 1].status, 409,
		    'double booking accepted');
		assert.match(await page.locator('main p.error').innerText(),
		    /Ce créneau est déjà pris/,
		    'the refusal does not say the slot is taken');
		/* Its way back is the calendar page the form was on. */
		assert.match(await page.locator('main a', { hasText: 'Retour' })
		    .getAttribute('href'), /\/appointments\?view=day/);
		await shot(page, 'calendar-slot-taken');

		/* Cancel from the calendar row. */
		await open(page, `${ADMIN}/appointments?view=day&date=${day}`);
		const r2 = page.locator('tr', { hasText: last });
		await submit(page, r2.getByRole('button', { name: 'Annuler' }));
		assert.equal(await heading(page), 'Rendez-vous');
		/* This patient never wrote on WhatsApp: the page says to call. */
		assert.match(await page.locator('main p[role=status]').innerText(),
		    /n'a pas été prévenu\(e\) sur WhatsApp[^]*Appelez au \+/,
		    'the staff are not told the patient was not reached');
		await shot(page, 'cancel-patient-not-reached');
		await open(page, `${ADMIN}/appointments?view=day&date=${day}`);
		assert.equal(await page.locator('tr', { hasText: last }).count(),
		    0, 'cancelled appointment still on the calendar');
		await shot(page, 'calendar-after-cancel');

		/* The list of that day shows it cancelled, without actions. */
		await open(page, `${ADMIN}/appointments?from=${day}&to=${day}` +
		    '&status=cancelled');
		const r3 = page.locator('tr', { hasText: last });
		assert.equal(await r3.count(), 1, 'cancelled row not listed');
		assert.match((await r3.locator('td').nth(4).innerText()),
		    /annulé/);
		assert.equal(await r3.getByRole('button').count(), 0,
		    'a cancelled appointment still offers actions');
		await shot(page, 'appointments-cancelled');
		assertClean(page);
	});
});

test('take over a conversation and reply', SCENARIO, async () => {
	const phone = env.SOPHIE_CONV_PHONE;
	const inbound = env.SOPHIE_CONV_BODY;
	const reply = env.SOPHIE_REPLY_BODY ||
	    `Bonjour, ici l'accueil du cabinet (${RUN}).`;
	assert.ok(phone && inbound,
	    'SOPHIE_CONV_PHONE and SOPHIE_CONV_BODY name a conversation');
	await withPage('conversation', async (page) => {
		await signIn(page);
		await page.locator('header nav').getByRole('link',
		    { name: 'Conversations', exact: true }).click();
		await page.waitForURL(`**${ADMIN}/conversations`);
		assert.equal(await heading(page), 'Conversations');
		await page.locator('#phone').fill(phone.replace(/^\+/, ''));
		await Promise.all([page.waitForEvent('load'),
		    page.getByRole('button', { name: 'Filtrer' }).click()]);
		const row = page.locator('table tr', { hasText: phone });
		assert.equal(await row.count(), 1, `no conversation with ${phone}`);
		await shot(page, 'conversations-filtered');
		await Promise.all([page.waitForEvent('load'),
		    row.locator('a').first().click()]);
		assert.match(new URL(page.url()).pathname,
		    new RegExp(`${ADMIN}/conversations/[0-9a-f-]{36}$`));
		const convUrl = page.url();

		/* The transcript holds what the patient wrote. */
		const msgIn = page.locator('.msg.inbound', { hasText: inbound });
		assert.equal(await msgIn.count(), 1, 'inbound message not shown');
		const status = page.locator('main p b').first();
		assert.equal(await status.innerText(), 'Sophie répond');
		/* Only the action that makes sense now is offered. */
		assert.equal(await page.getByRole('button',
		    { name: 'Rendre à Sophie' }).count(), 0);
		await shot(page, 'conversation-open');

		await submit(page, page.getByRole('button',
		    { name: 'Reprendre la main' }));
		assert.equal(page.url(), convUrl);
		assert.equal(await page.locator('main p b').first().innerText(),
		    "repris par l'équipe");
		assert.equal(await page.getByRole('button',
		    { name: 'Reprendre la main' }).count(), 0);
		await shot(page, 'conversation-taken-over');

		await page.locator('#body').fill(reply);
		await submit(page, page.getByRole('button', { name: 'Envoyer' }));
		assert.equal(page.url(), convUrl);
		/* Shown as the staff's, not Sophie's. */
		const out = page.locator('.msg.outbound.staff',
		    { hasText: reply });
		assert.equal(await out.count(), 1, 'reply not in the transcript');
		assert.match(await out.locator('small').innerText(),
		    new RegExp('Équipe · (en attente|accepté|en file d\'attente|' +
		    'en cours d\'envoi|envoyé|distribué|lu|non envoyé)'));
		/* The reply comes after what the patient wrote. */
		const all = await page.locator('.msg').allInnerTexts();
		const iIn = all.findIndex((t) => t.includes(inbound));
		const iOut = all.findIndex((t) => t.includes(reply));
		assert.ok(iIn >= 0 && iOut > iIn, 'reply shown before the message');
		assert.equal(await page.locator('#body').inputValue(), '');
		await shot(page, 'conversation-replied');

		await submit(page, page.getByRole('button',
		    { name: 'Rendre à Sophie' }));
		assert.equal(await page.locator('main p b').first().innerText(),
		    'Sophie répond');
		await shot(page, 'conversation-handed-back');
		assertClean(page);
	});
});
