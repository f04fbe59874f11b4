/*
 * The clinic admin pages in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core), as a member of staff uses them: sign in and
 * read the dashboard, add a practitioner with working hours, book and
 * cancel an appointment from the calendar, take over a conversation and
 * reply; at the reception desk, book a new patient from the agenda grid,
 * be refused a closed day then book anyway, move, cancel after confirming,
 * undo a no-show, and check the desk pages at 1,280 and 375 px (PNGs and
 * overflow figures in SOPHIE_LAYOUT_DIR).  Each step asserts what the page
 * shows and leaves a PNG in SOPHIE_SHOT_DIR.
 *
 * tests/integration/test_browser.py starts the suite and runs this file
 * with the environment below; by hand:
 *   SOPHIE_BASE_URL=http://127.0.0.1:PORT SOPHIE_CLINIC_ID=... \
 *   SOPHIE_ADMIN_EMAIL=... SOPHIE_ADMIN_PASSWORD=... \
 *   node --test-reporter=tap --test tests/browser/
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
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
		/* Far ahead and before opening: the staff book it anyway,
		 * as the form lets them for the soft rules. */
		await form.locator('input[name=override]').check();
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
		/* Even "anyway", an overlap is never allowed. */
		await again.locator('input[name=override]').check();
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

		/* Cancel from the calendar row, after the confirmation page. */
		await open(page, `${ADMIN}/appointments?view=day&date=${day}`);
		const r2 = page.locator('tr', { hasText: last });
		await Promise.all([page.waitForEvent('load'),
		    r2.getByRole('link', { name: 'Annuler' }).click()]);
		assert.match(new URL(page.url()).pathname, /\/confirm-cancel$/);
		assert.match(await page.locator('main h2').innerText(),
		    new RegExp(`Annuler le rendez-vous de .*${last}`));
		await submit(page, page.getByRole('button',
		    { name: 'Oui, annuler le rendez-vous' }));
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

/*
 * The reception desk (the agenda grid, the booking form, the appointment
 * page).  One sign-in for all of it: its cookies are kept and given to a
 * fresh page per scenario (nginx limits sign-ins per address).
 */
const LAYOUT = env.SOPHIE_LAYOUT_DIR || SHOTS;
const DESK_DAY = env.SOPHIE_DESK_DAY || dayFromNow(14);
const CLOSED_DAY = env.SOPHIE_CLOSED_DAY || dayFromNow(30);
const DESK_LAST = env.SOPHIE_DESK_LAST || `Accueil${RUN}`;
const CLOSED_LAST = env.SOPHIE_CLOSED_LAST || `Fermeture${RUN}`;
const CLOSURE_REASON = `Inventaire ${RUN}`;
/*
 * The free cells of the demo practitioner who offers treatments (another
 * scenario adds one who offers none: the grid shows free cells for him).
 */
const FREE = 'table.agenda td.cell.free a' + (env.SOPHIE_DESK_PRACT ?
    `[href*="practitioner_id=${env.SOPHIE_DESK_PRACT}&"]` : '');
/* What the booking scenario leaves for the move and cancel ones. */
const desk = {};
let deskState;

/* A signed-in page at the given width (cookies of the desk sign-in). */
async function deskPage(width) {
	if (!deskState) {
		const p = await newPage();
		try {
			await signIn(p);
			deskState = await p.context().storageState();
		} finally {
			await p.context().close();
		}
	}
	const context = await browser.newContext({
		viewport: { width: width || 1280, height: 900 },
		locale: 'fr-FR', storageState: deskState,
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

/* withPage for the desk: a signed-in page of that width. */
async function withDesk(slug, width, body) {
	const page = await deskPage(width);
	try {
		await body(page);
	} catch (e) {
		await shot(page, `${slug}-FAILED`).catch(() => {});
		throw e;
	} finally {
		await page.context().close();
	}
}

/* Click a link or a button that is no form submission and wait for the
 * page it loads (asserted 200). */
async function follow(page, loc) {
	const n = page.docs.length;
	await Promise.all([page.waitForEvent('load'), loc.click()]);
	const last = page.docs[page.docs.length - 1];
	assert.ok(page.docs.length > n, 'the click did not load a page');
	assert.equal(last.status, 200, `${last.url} answered ${last.status}`);
}

/* Click a submit button expecting a refusal: the status it answered. */
async function refused(page, button) {
	const n = page.docs.length;
	await Promise.all([page.waitForEvent('load'), button.click()]);
	assert.ok(page.docs.length > n, 'the form did not load a page');
	return page.docs[page.docs.length - 1].status;
}

/*
 * The agenda day page of the first day from `from` (at most 14 days on,
 * following "Suivant") with a free slot; returns that day.
 */
async function dayWithFreeSlot(page, from) {
	await open(page, `${ADMIN}/agenda?view=day&date=${from}`);
	for (let i = 0; i < 14; i++) {
		if (await page.locator(FREE).count() > 0)
			return await page.locator('#date').inputValue();
		await follow(page, page.locator('nav.agenda-nav a',
		    { hasText: 'Suivant' }));
	}
	assert.fail(`no free slot in the 14 days from ${from}`);
}

/* The start (YYYY-MM-DDTHH:MM) and practitioner of a free cell link. */
function slotOf(href) {
	const u = new URL(href, BASE);
	return { pid: u.searchParams.get('practitioner_id'),
	    at: u.searchParams.get('starts_at'), path: u.pathname + u.search };
}

/* Full-page PNG at the layout directory, named page-width. */
async function layoutShot(page, name) {
	const w = page.viewportSize().width;
	const file = join(LAYOUT, `${name}-${w}.png`);
	await page.screenshot({ path: file, fullPage: true, timeout: STEP });
	return file;
}

/*
 * No horizontal overflow: the document is no wider than the window (a
 * wide table scrolls inside its .scroll box).  Prints the figures.
 */
async function assertFits(page, name) {
	const m = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth,
		iw: window.innerWidth }));
	const w = page.viewportSize().width;
	console.log(`overflow ${name}@${w}: scrollWidth ${m.sw} ` +
	    `innerWidth ${m.iw}`);
	appendFileSync(join(LAYOUT, 'overflow.txt'),
	    `${name} ${w} scrollWidth=${m.sw} innerWidth=${m.iw}\n`);
	assert.ok(m.sw <= m.iw, `${name} at ${w} px overflows: ` +
	    `scrollWidth ${m.sw} > innerWidth ${m.iw}`);
}

/*
 * An action a user can reach: once scrolled to (the page, or its .scroll
 * box), it is inside the window, has a size, and is what a tap at its
 * centre hits.
 */
async function assertReachable(page, loc, what) {
	assert.ok(await loc.count() >= 1, `${what}: not on the page`);
	const el = loc.first();
	await el.scrollIntoViewIfNeeded();
	const r = await el.evaluate((e) => {
		const b = e.getBoundingClientRect();
		const hit = document.elementFromPoint(b.left + b.width / 2,
		    b.top + b.height / 2);
		return { x: b.left, y: b.top, w: b.width, h: b.height,
		    vw: window.innerWidth, vh: window.innerHeight,
		    hit: hit !== null && (hit === e || e.contains(hit)) };
	});
	const w = page.viewportSize().width;
	assert.ok(r.w > 0 && r.h > 0, `${what} at ${w} px has no size`);
	assert.ok(r.x >= 0 && r.x + r.w <= r.vw + 0.5,
	    `${what} at ${w} px is off-screen: ${JSON.stringify(r)}`);
	assert.ok(r.hit, `${what} at ${w} px is covered: ${JSON.stringify(r)}`);
}

/* The appointment page of the patient `last` on `day` (from the day's
 * list, whose time links to it); returns its path. */
async function appointmentOf(page, day, last) {
	await open(page, `${ADMIN}/appointments?view=day&date=${day}`);
	const row = page.locator('tr', { hasText: last });
	assert.equal(await row.count(), 1, `${last} not listed on ${day}`);
	await follow(page, row.locator('td').first().locator('a'));
	const path = new URL(page.url()).pathname;
	assert.match(path, new RegExp(`${ADMIN}/appointments/[0-9a-f-]{36}$`));
	return path;
}

test('book a new patient at a free slot from the day grid', SCENARIO,
    async () => {
	const phone = env.SOPHIE_DESK_PHONE ||
	    `+3361${String(RUN).padStart(7, '0').slice(-7)}`;
	await withDesk('desk-book', 1280, async (page) => {
		const day = await dayWithFreeSlot(page, DESK_DAY);
		assert.equal(await page.locator('table.agenda td',
		    { hasText: DESK_LAST }).count(), 0);
		await shot(page, 'agenda-day-free');
		const cell = page.locator(FREE).first();
		const slot = slotOf(await cell.getAttribute('href'));
		assert.ok(slot.at.startsWith(day), `${slot.at} not on ${day}`);
		/* The column of the cell names its practitioner. */
		const col = await cell.evaluate((a) => {
			const td = a.closest('td');
			const tr = td.closest('tr');
			let i = 0;
			for (const c of tr.children) {
				if (c === td)
					break;
				i += c.colSpan || 1;
			}
			return i;
		});
		const pract = (await page.locator('table.agenda thead th')
		    .nth(col).innerText()).trim();
		await follow(page, cell);
		assert.match(new URL(page.url()).pathname, /\/agenda\/book$/);
		assert.match(await page.locator('main').innerText(),
		    new RegExp(slot.at.slice(11)));
		assert.equal(await page.locator('main p.error').count(), 0,
		    'a free slot is announced as breaking a rule');
		await page.locator('#new_first_name').fill('Inès');
		await page.locator('#new_last_name').fill(DESK_LAST);
		/* Typed as a receptionist would; stored in E.164. */
		await page.locator('#new_phone').fill(
		    '0' + phone.slice(3).replace(/(\d)(\d\d)(\d\d)(\d\d)(\d\d)/,
		    '$1 $2 $3 $4 $5'));
		await shot(page, 'agenda-book-filled');
		const url = await submit(page, page.getByRole('button',
		    { name: 'Réserver', exact: true }));
		assert.equal(new URL(url).pathname, `${ADMIN}/agenda`);
		/* In the grid now, in the column of the practitioner. */
		const appt = page.locator('table.agenda td.appt',
		    { hasText: DESK_LAST });
		assert.equal(await appt.count(), 1, 'booking not in the grid');
		assert.match(await appt.getAttribute('title'),
		    new RegExp(`^${slot.at.slice(11)}–`));
		assert.match(await appt.getAttribute('class'), /st-booked/);
		await shot(page, 'agenda-day-booked');
		desk.day = day;
		desk.at = slot.at;
		desk.pract = pract;
		desk.path = await appointmentOf(page, day, DESK_LAST);
		assert.ok((await page.locator('main h2').first().innerText())
		    .includes(`${DESK_LAST}`));
		assert.ok((await page.locator('main').innerText())
		    .includes(phone), 'phone not in E.164 on the page');
		assertClean(page);
	});
});

test('move an appointment by picking a new slot', SCENARIO, async () => {
	assert.ok(desk.path, 'the booking scenario left no appointment');
	await withDesk('desk-move', 1280, async (page) => {
		await open(page, desk.path);
		await follow(page, page.getByRole('link', { name: 'Déplacer' }));
		assert.match(new URL(page.url()).pathname, /\/slots$/);
		const slots = page.locator('.slots button');
		assert.ok(await slots.count() >= 1, 'no slot offered');
		/* A time other than the current one. */
		const old = desk.at.slice(11);
		let pick = -1;
		for (let i = 0; i < await slots.count() && pick < 0; i++)
			if ((await slots.nth(i).innerText()).trim() !== old)
				pick = i;
		assert.ok(pick >= 0, 'only the current time offered');
		const to = (await slots.nth(pick).innerText()).trim();
		assert.match(to, /^\d\d:\d\d$/);
		await shot(page, 'appointment-slots');
		const url = await submit(page, slots.nth(pick));
		/* This patient never wrote on WhatsApp: the list says to call. */
		assert.equal(new URL(url).pathname, `${ADMIN}/appointments`);
		assert.match(await page.locator('main p[role=status]').innerText(),
		    new RegExp(`${DESK_LAST}[^]*n'a pas été prévenu\\(e\\)` +
		    '[^]*Appelez au \\+'), 'the staff are not told to call');
		await shot(page, 'appointment-moved-call');
		await open(page, desk.path);
		assert.match(await page.locator('main h2').first().innerText(),
		    new RegExp(`${to}–`), 'the page does not show the new time');
		desk.moved = `${desk.day} ${to}`;
		writeFileSync(join(SHOTS, 'desk.json'), JSON.stringify(desk));
		await shot(page, 'appointment-moved');
		/* The grid shows it at the new time only. */
		await open(page, `${ADMIN}/agenda?view=day&date=${desk.day}`);
		const appt = page.locator('table.agenda td.appt',
		    { hasText: DESK_LAST });
		assert.equal(await appt.count(), 1);
		assert.match(await appt.getAttribute('title'),
		    new RegExp(`^${to}–`));
		assertClean(page);
	});
});

test('cancel an appointment after confirming', SCENARIO, async () => {
	assert.ok(desk.path, 'the booking scenario left no appointment');
	await withDesk('desk-cancel', 1280, async (page) => {
		await open(page, desk.path);
		await follow(page, page.getByRole('link',
		    { name: 'Annuler le rendez-vous' }));
		assert.match(new URL(page.url()).pathname, /\/confirm-cancel$/);
		assert.match(await page.locator('main h2').innerText(),
		    new RegExp(`Annuler le rendez-vous de .*${DESK_LAST}.*\\?`));
		/* "No" changes nothing. */
		await follow(page, page.getByRole('link', { name: 'Non, revenir' }));
		assert.equal(new URL(page.url()).pathname, desk.path);
		assert.match(await page.locator('main p b').first().innerText(),
		    /réservé/);
		await follow(page, page.getByRole('link',
		    { name: 'Annuler le rendez-vous' }));
		await shot(page, 'appointment-cancel-confirm');
		await submit(page, page.getByRole('button',
		    { name: 'Oui, annuler le rendez-vous' }));
		/* Off the grid. */
		await open(page, `${ADMIN}/agenda?view=day&date=${desk.day}`);
		assert.equal(await page.locator('table.agenda td.appt',
		    { hasText: DESK_LAST }).count(), 0,
		    'cancelled appointment still in the grid');
		await open(page, desk.path);
		assert.match(await page.locator('main p b').first().innerText(),
		    /annulé/);
		await shot(page, 'appointment-cancelled');
		assertClean(page);
	});
});

test('a closed day is refused with its reason, then booked anyway',
    SCENARIO, async () => {
	const phone = env.SOPHIE_CLOSED_PHONE ||
	    `+3362${String(RUN).padStart(7, '0').slice(-7)}`;
	await withDesk('desk-closed', 1280, async (page) => {
		const day = await dayWithFreeSlot(page, CLOSED_DAY);
		const slot = slotOf(await page.locator(FREE)
		    .first().getAttribute('href'));
		/* The clinic closes that day (settings page). */
		await open(page, `${ADMIN}/settings`);
		const form = page.locator('form[action$="/settings/closures"]');
		await form.locator('#day').fill(day);
		await form.locator('#reason').fill(CLOSURE_REASON);
		await submit(page, form.getByRole('button', { name: 'Ajouter' }));
		assert.ok(await page.locator('li', { hasText: CLOSURE_REASON })
		    .count() === 1, 'closure not listed');
		/* The grid shades the whole day and says why. */
		await open(page, `${ADMIN}/agenda?view=day&date=${day}`);
		assert.equal(await page.locator('table.agenda td.cell.free')
		    .count(), 0, 'free slots on a closed day');
		const shaded = page.locator('table.agenda td.cell.shaded.closed');
		assert.ok(await shaded.count() > 0, 'closed day not shaded');
		assert.equal(await shaded.first().getAttribute('title'),
		    `Fermé : ${CLOSURE_REASON}`);
		await shot(page, 'agenda-day-closed');
		/* The form at that time warns; booking is refused. */
		await open(page, slot.path);
		assert.match(await page.locator('main p.error').innerText(),
		    /fermée/);
		await page.locator('#new_first_name').fill('Paul');
		await page.locator('#new_last_name').fill(CLOSED_LAST);
		await page.locator('#new_phone').fill(phone);
		assert.equal(await refused(page, page.getByRole('button',
		    { name: 'Réserver', exact: true })), 422,
		    'booking on a closed day accepted');
		const why = await page.locator('main p.error').innerText();
		assert.match(why, /fermée \(fermeture exceptionnelle\)/, why);
		assert.ok(why.includes(CLOSURE_REASON), `no reason: ${why}`);
		assert.match(why, /Réserver quand même/);
		/* What was typed is kept. */
		assert.equal(await page.locator('#new_last_name').inputValue(),
		    CLOSED_LAST);
		await shot(page, 'agenda-book-closed-refused');
		/* Explicitly anyway. */
		const box = page.getByLabel(/Réserver quand même/);
		assert.equal(await box.isChecked(), false,
		    'the override is ticked by default');
		await box.check();
		const url = await submit(page, page.getByRole('button',
		    { name: 'Réserver', exact: true }));
		assert.equal(new URL(url).pathname, `${ADMIN}/agenda`);
		assert.equal(await page.locator('table.agenda td.appt',
		    { hasText: CLOSED_LAST }).count(), 1,
		    'booked-anyway appointment not in the grid');
		await shot(page, 'agenda-day-booked-anyway');
		/* The closure goes (the other scenarios use other days). */
		await open(page, `${ADMIN}/settings`);
		const li = page.locator('li', { hasText: CLOSURE_REASON });
		await submit(page, li.getByRole('button', { name: 'Supprimer' }));
		assert.equal(await page.locator('li',
		    { hasText: CLOSURE_REASON }).count(), 0);
		assertClean(page);
	});
});

test('undo a no-show', SCENARIO, async () => {
	const id = env.SOPHIE_PAST_APPT;
	assert.ok(id, 'SOPHIE_PAST_APPT names an appointment that has begun');
	await withDesk('desk-noshow', 1280, async (page) => {
		const path = `${ADMIN}/appointments/${id}`;
		await open(page, path);
		assert.match(await page.locator('main p b').first().innerText(),
		    /réservé/);
		await submit(page, page.getByRole('button',
		    { name: 'Absent', exact: true }));
		assert.equal(new URL(page.url()).pathname, path);
		assert.match(await page.locator('main p b').first().innerText(),
		    /absent/);
		const undo = page.getByRole('button', { name: /^Rétablir/ });
		assert.equal(await undo.count(), 1, 'no way to undo the no-show');
		assert.match(await undo.innerText(), /réservé/);
		await shot(page, 'appointment-no-show');
		await submit(page, undo);
		assert.equal(new URL(page.url()).pathname, path);
		assert.match(await page.locator('main p b').first().innerText(),
		    /réservé/);
		assert.match(await page.locator('main ul').last().innerText(),
		    /rétabli/);
		await shot(page, 'appointment-no-show-undone');
		assertClean(page);
	});
});

test('desk pages fit 1280 and 375 px, actions reachable', SCENARIO,
    async () => {
	const past = env.SOPHIE_PAST_APPT;
	assert.ok(past, 'SOPHIE_PAST_APPT names an appointment that has begun');
	mkdirSync(LAYOUT, { recursive: true });
	let book;
	for (const width of [1280, 375]) {
		await withDesk(`desk-layout-${width}`, width, async (page) => {
			await dayWithFreeSlot(page, DESK_DAY);
			await layoutShot(page, 'agenda-day');
			await assertFits(page, 'agenda-day');
			if (width === 375) {
				for (const t of ['Précédent', "Aujourd'hui",
				    'Suivant'])
					await assertReachable(page, page.locator(
					    'nav.agenda-nav a', { hasText: t }),
					    `agenda ${t}`);
				await assertReachable(page, page.locator(FREE),
				    'agenda free slot (book)');
				await assertReachable(page, page.getByRole(
				    'button', { name: 'Afficher' }),
				    'agenda date picker');
			}
			book = book || slotOf(await page.locator(FREE).first()
			    .getAttribute('href')).path;
			await open(page, book);
			await layoutShot(page, 'agenda-book');
			await assertFits(page, 'agenda-book');
			if (width === 375)
				await assertReachable(page, page.getByRole(
				    'button', { name: 'Réserver', exact: true }),
				    'booking form submit');
			await open(page, `${ADMIN}/appointments/${past}`);
			await layoutShot(page, 'appointment');
			await assertFits(page, 'appointment');
			if (width === 375) {
				await assertReachable(page, page.getByRole('link',
				    { name: 'Déplacer' }), 'appointment move');
				await assertReachable(page, page.getByRole('link',
				    { name: 'Annuler le rendez-vous' }),
				    'appointment cancel');
				const ns = page.getByRole('button',
				    { name: 'Absent', exact: true });
				await assertReachable(page, ns,
				    'appointment no-show');
				await submit(page, ns);
				const undo = page.getByRole('button',
				    { name: /^Rétablir/ });
				await assertReachable(page, undo,
				    'appointment undo');
				await layoutShot(page, 'appointment-no-show');
				await assertFits(page, 'appointment-no-show');
				await submit(page, undo);
				assert.match(await page.locator('main p b').first()
				    .innerText(), /réservé/);
			}
			assertClean(page);
		});
	}
	/* The superadmin's analysis of a conversation, at a desktop width. */
	const tok = env.SOPHIE_SUPER_TOKEN;
	const conv = env.SOPHIE_SUPER_CONV;
	assert.ok(tok && conv, 'SOPHIE_SUPER_TOKEN and SOPHIE_SUPER_CONV');
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
	try {
		const u = new URL(BASE);
		await context.addCookies([{ name: 'sophie', value: tok,
		    domain: u.hostname, path: '/', httpOnly: true }]);
		const page = await context.newPage();
		page.setDefaultTimeout(STEP);
		const r = await page.goto(
		    `${BASE}/superadmin/conversations/${conv}/analysis`,
		    { waitUntil: 'load' });
		assert.equal(r.status(), 200, 'analysis page');
		await layoutShot(page, 'superadmin-analysis');
		await assertFits(page, 'superadmin-analysis');
	} finally {
		await context.close();
	}
});
