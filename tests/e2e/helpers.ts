// What the e2e files share: the built app behind a static server, Chromium, a context that records page errors and
// every request, and the first steps of the common journeys.
import { expect } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { startStaticServer, type StaticServer } from '../helpers/static-server';
import { CHROMIUM_ARGS, CHROMIUM_WEBGPU_ARGS, chromiumPath } from '../helpers/chromium';

export const SHOTS = 'tests/output/screenshots';
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

export interface App {
	server: StaticServer;
	browser: Browser;
	/** Page errors and CSP refusals seen by any context made with `newContext`. */
	errors: string[];
	/** Every URL any page or worker asked for. */
	requested: string[];
	newContext(): Promise<BrowserContext>;
	/** Requests that left for anywhere but the listed origins (data: and blob: stay in the page). */
	foreign(allowed: string[]): string[];
	close(): Promise<void>;
}

/** Serves build/ (made once by tests/e2e/build.ts) and starts Chromium (with WebGPU on its software adapter if asked). */
export async function openApp(o: { webgpu?: boolean } = {}): Promise<App> {
	mkdirSync(SHOTS, { recursive: true });
	const server = await startStaticServer('build');
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: o.webgpu ? CHROMIUM_WEBGPU_ARGS : CHROMIUM_ARGS });
	const errors: string[] = [];
	const requested: string[] = [];
	return {
		server,
		browser,
		errors,
		requested,
		async newContext() {
			const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
			ctx.on('page', (p) => {
				p.on('pageerror', (e) => errors.push(e.message));
				p.on('console', (m) => /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
			});
			ctx.on('request', (r) => requested.push(r.url()));
			return ctx;
		},
		foreign: (allowed) => requested.filter((u) => !/^(data|blob):/.test(u) && !allowed.some((origin) => u.startsWith(origin))),
		async close() {
			await browser.close();
			await server.close();
		}
	};
}

/** Home → "Quick look" → Start, and waits for the reference run to finish; returns the run page's path. */
export async function startQuickLook(page: Page, baseUrl: string): Promise<string> {
	await page.goto(`${baseUrl}/`);
	await page.getByRole('link', { name: 'Quick look' }).click();
	await page.waitForURL(/\/run\/new\?preset=quick/);
	// The estimate counts the plans the run will build: a moment after the settings settle.
	await expect.poll(() => page.getByTestId('estimate').textContent(), { timeout: 60_000 }).toContain('48 over 3 contexts');
	await page.getByTestId('start-run').click();
	await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
	await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 120_000 });
	return new URL(page.url()).pathname;
}

/** A preset's run with the reference engine, from the new-run page to "complete"; returns the run page's path. */
export async function runPreset(page: Page, baseUrl: string, preset: 'quick' | 'needle' | 'longdoc' | 'paper', name?: string): Promise<string> {
	await page.goto(`${baseUrl}/run/new?preset=${preset}`);
	await expect.poll(() => page.getByTestId('estimate').textContent(), { timeout: 60_000 }).toMatch(/\d/);
	if (name) await page.getByLabel('Name (optional)').fill(name);
	await page.getByTestId('start-run').click();
	await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
	await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 240_000 });
	return new URL(page.url()).pathname;
}

/** Serious and critical axe violations on the page. */
export async function axe(page: Page) {
	// Evaluated through the DevTools protocol: the app's CSP (rightly) refuses an injected inline <script>.
	await page.evaluate(AXE);
	const result = await page.evaluate(async () => {
		const r = await (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({
			resultTypes: ['violations']
		});
		return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
	});
	return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
