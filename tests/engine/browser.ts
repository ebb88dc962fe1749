// Headless Chromium with WebGPU (the software adapter here), a fresh profile per run so nothing cached by an earlier
// run can answer for this one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import type { Harness } from './harness/main';
import { CHROMIUM_WEBGPU_ARGS, chromiumPath } from '../helpers/chromium';

export const CHROMIUM_ARGS = CHROMIUM_WEBGPU_ARGS;

export interface Browser {
	newHarnessPage(url: string): Promise<HarnessPage>;
	close(): Promise<void>;
}

export interface HarnessPage {
	page: Page;
	call<K extends keyof Harness>(name: K, ...args: Parameters<Harness[K]>): Promise<Awaited<ReturnType<Harness[K]>>>;
	close(): Promise<void>;
}

export async function launchBrowser(log: (m: string) => void): Promise<Browser> {
	const profile = await mkdtemp(join(tmpdir(), 'engine-check-profile-'));
	const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath(),
		headless: true,
		args: CHROMIUM_ARGS
	});
	return {
		async newHarnessPage(url) {
			const page = await ctx.newPage();
			page.setDefaultTimeout(0); // a prefill on the software adapter takes minutes under load; the runner's deadline rules
			page.on('console', (m) => {
				if (m.type() === 'error' || m.type() === 'warning') log(`[page ${m.type()}] ${m.text().slice(0, 300)}`);
			});
			page.on('pageerror', (e) => log(`[page error] ${e.message}`));
			await page.goto(url);
			await page.waitForFunction(() => document.title === 'ready');
			return {
				page,
				call: (name, ...args) =>
					page.evaluate(
						([n, a]) => (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[n](...a),
						[name, args] as [string, unknown[]]
					) as never,
				close: () => page.close()
			};
		},
		async close() {
			await ctx.close();
			await rm(profile, { recursive: true, force: true });
		}
	};
}
