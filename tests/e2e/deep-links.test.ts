// Issue 18, point 6: a results page opened directly (/run/<id>), online in a fresh tab and offline after one visit,
// draws its charts. Every page the service worker may answer a route with must load its assets by absolute path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../helpers/static-server';
import { openApp, SHOTS, startQuickLook, type App } from './helpers';

let app: App;
beforeAll(async () => {
	app = await openApp();
}, 120_000);
afterAll(async () => {
	await app?.close();
});

function htmlFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => {
		const p = join(dir, n);
		if (statSync(p).isDirectory()) return n === '_app' ? [] : htmlFiles(p);
		return n.endsWith('.html') ? [p] : [];
	});
}

describe('deep links to a results page', () => {
	it('every built page loads the app by absolute path, so any of them can stand in for any route', () => {
		const pages = htmlFiles('build');
		expect(pages).toContain(join('build', '200.html'));
		for (const p of pages) {
			const html = readFileSync(p, 'utf8');
			expect(html, p).toMatch(/import\("\/_app\/immutable\/entry\/start\.[\w-]+\.js"\)/);
			expect(html, p).not.toMatch(/(href|src)="\.{1,2}\/_app\//);
		}
	});

	it('renders a deep link on a host whose fallback is index.html (Netlify-style rewrites)', async () => {
		const host = await startStaticServer('build', { fallback: 'index.html' });
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			await page.goto(`${host.url}/run/r-not-here`);
			// Another origin holds no runs: the page must still come up and say so, not stay blank.
			await expect.poll(() => page.locator('h1').textContent(), { timeout: 60_000 }).toBe('Run not found');
			expect(host.requests.filter((p) => p.startsWith('/run/_app/'))).toEqual([]);
		} finally {
			await ctx.close();
			await host.close();
		}
	}, 120_000);

	it('opens /run/<id> directly, online in a new tab and offline after a reload', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		const runPath = await startQuickLook(page, app.server.url);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});

		// Online: a second tab opened on the link alone.
		const other = await ctx.newPage();
		await other.goto(`${app.server.url}${runPath}`);
		await expect.poll(() => other.locator('svg[data-chart=position]').count(), { timeout: 60_000 }).toBe(3);
		await other.close();

		// Offline: the page reloaded, then the link typed into the address bar.
		await page.reload();
		await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
		await ctx.setOffline(true);
		await page.reload();
		await expect.poll(() => page.locator('svg[data-chart=position]').count(), { timeout: 60_000 }).toBe(3);
		expect(await page.getByTestId('run-status').textContent()).toBe('complete');
		await page.goto(`${app.server.url}${runPath}`);
		await expect.poll(() => page.locator('svg[data-chart=position]').count(), { timeout: 60_000 }).toBe(3);
		await page.screenshot({ path: `${SHOTS}/offline-deep-link.png`, fullPage: true });
		await ctx.close();
		expect(app.errors).toEqual([]);
	}, 300_000);
});
