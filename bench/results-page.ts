// Benchmark of the app's pages in Chromium (prints figures; never a test):
//  1. a stored 9,400-answer paper-sized run: time from navigation to charts drawn, and to a clicked point's answers;
//  2. a live reference run: main-thread frame times while answers stream in (the per-answer chart update);
//  3. initial JavaScript for '/', gzip: every module the home page preloads (entry, start, app, layout, page).
// Targets: < 1 s to interactive, < 16 ms per update, ≤ 150 KB gzip. Run: `npx tsx bench/results-page.ts`
// (builds the app first when build/ is missing; pass --build to rebuild).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/helpers/chromium';
import type { StoredAnswer } from '$lib/store/schema';
import { ANSWER_SCHEMA_VERSION } from '$lib/store/schema';
import { syntheticPaperPlans } from '../tests/helpers/synthetic-plan';
import { newRunRecord } from '$lib/runner/new-run';
import { appEnvironment } from '$lib/runner/app-env';
import { taskResults } from '$lib/runner/results';
import { aggregate } from '$lib/scoring/aggregate';
import { exportRunJson } from '$lib/store/export/run-file';
import { positionLayout } from '$lib/charts/position';
import { startStaticServer } from '../tests/helpers/static-server';


async function paperRunFile(): Promise<{ id: string; json: string; answers: number }> {
	const plans = syntheticPaperPlans(2000);
	const engine = { info: { kind: 'oracle' as const, modelId: 'bench', label: 'Synthetic 9,400-answer run' }, capabilities: { maxContext: 1e9, prefixReuse: false, exactTokens: false } };
	const record = await newRunRecord({ name: 'Synthetic paper-sized run', plans, engine, env: appEnvironment({ appVersion: 'bench', appCommit: 'bench' }) });
	const answers: StoredAnswer[] = [];
	for (const plan of plans)
		plan.probes.forEach((p, index) => {
			// A "lost in the middle" U shape with some noise, so the chart has something to draw.
			const x = p.positionId / 800;
			const score = Math.max(0, Math.min(1, 0.55 + 1.6 * (x - 0.5) ** 2 + 0.1 * Math.sin(p.positionId * 12.9898 + p.setId)));
			answers.push({
				schemaVersion: ANSWER_SCHEMA_VERSION, runId: record.id, probeId: p.id, task: p.task, setId: p.setId, positionId: p.positionId,
				index, contextId: p.contextId, tokenOffset: p.tokenOffset, gold: p.gold, text: 'answer', score,
				usage: { promptTokens: p.promptTokens, completionTokens: 8 },
				timings: { ttftMs: 400 + p.promptTokens / 10, prefillTokensPerS: 5000, decodeTokensPerS: 40, totalMs: 700 },
				path: 'synthetic', at: record.createdAt
			});
		});
	const done = { ...record, status: 'complete' as const, progress: { done: answers.length, total: answers.length }, results: taskResults(answers, (pts, o) => aggregate(pts, { paperBuckets: o?.paperBuckets })) };
	return { id: record.id, json: await exportRunJson(done, answers), answers: answers.length };
}

function initialJs(): { files: number; gzipBytes: number; rawBytes: number } {
	const html = readFileSync('build/index.html', 'utf8');
	const files = [...new Set([...html.matchAll(/_app\/immutable\/[^"')\s]+\.js/g)].map((m) => m[0]))];
	let gz = 0;
	let raw = 0;
	for (const f of files) {
		const buf = readFileSync(join('build', f));
		raw += buf.length;
		gz += gzipSync(buf, { level: 9 }).length;
	}
	return { files: files.length, gzipBytes: gz, rawBytes: raw };
}

// Passed as strings: tsx's name helpers do not exist inside the page.
const START_FRAMES = `(() => {
	window.__frames = []; window.__long = [];
	let last = performance.now();
	const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
	requestAnimationFrame(tick);
	new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
})()`;
const READ_FRAMES = `(() => {
	const f = [...(window.__frames || [])].sort((a, b) => a - b);
	const q = (p) => Math.round(f[Math.min(f.length - 1, Math.floor(p * f.length))] * 10) / 10;
	return { frames: f.length, p50_ms: q(0.5), p95_ms: q(0.95), max_ms: q(1), long_tasks: (window.__long || []).length };
})()`;

async function frameTimes(page: Page, run: () => Promise<void>, restart: () => Promise<void>) {
	await page.evaluate(START_FRAMES);
	await run();
	await restart();
	return (await page.evaluate(READ_FRAMES)) as Record<string, number>;
}

/** The work one incoming answer causes in the live chart: re-aggregate the task and lay its chart out again. */
function chartMathsPerAnswer(answers: number): { answers: number; per_answer_ms: number } {
	const pts = Array.from({ length: answers }, (_, i) => ({ setId: i % 4, positionId: Math.floor(i / 4) % 800, score: (i * 7919) % 3 === 0 ? 0 : 1 }));
	const reps = 200;
	const t0 = performance.now();
	for (let r = 0; r < reps; r++) {
		const agg = aggregate(pts);
		positionLayout([{ id: 'r', label: 'run', buckets: agg.buckets }], { references: [{ label: 'paper', value: 85 }] });
	}
	return { answers, per_answer_ms: Math.round(((performance.now() - t0) / reps) * 100) / 100 };
}

async function main() {
	if (process.env.DUMP_RUN) {
		(await import('node:fs')).writeFileSync(process.env.DUMP_RUN, (await paperRunFile()).json);
		return;
	}
	if (process.argv.includes('--build') || !existsSync('build/index.html')) execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
	const js = initialJs();
	const file = await paperRunFile();
	const server = await startStaticServer('build');
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
	try {
		const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
		await page.goto(`${server.url}/runs`);
		await page.getByTestId('import-runs').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(file.json) }, { timeout: 180_000 });
		await page.getByRole('status').first().waitFor({ timeout: 180_000 });
		const samples: { charts_ms: number; answers_loaded_ms: number; point_answers_ms: number }[] = [];
		for (let i = 0; i < 3; i++) {
			await page.goto(`${server.url}/`);
			const t0 = Date.now();
			await page.goto(`${server.url}/run/${file.id}`);
			await page.waitForFunction('document.querySelectorAll("svg[data-chart=position] circle[role=button]").length >= 47', null, { timeout: 60_000 });
			const charts = Date.now() - t0;
			await page.waitForSelector(`[data-answers="${file.answers}"]`, { timeout: 60_000 });
			const loaded = Date.now() - t0;
			const t1 = Date.now();
			await page.locator('svg[data-chart=position] circle[role=button]').nth(8).click();
			await page.getByTestId('answer-browser').waitFor();
			samples.push({ charts_ms: charts, answers_loaded_ms: loaded, point_answers_ms: Date.now() - t1 });
		}
		const live = await browser.newPage({ viewport: { width: 1200, height: 900 } });
		await live.goto(`${server.url}/run/new?preset=custom&tasks=document,code,database&engine=oracle&sets=1&positions=all&ctx=8192&seed=0`);
		await live.getByTestId('start-run').waitFor();
		let answered = 0;
		const frames = await frameTimes(
			live,
			async () => {
				await live.getByTestId('start-run').click();
				await live.waitForURL(/\/run\/r/, { timeout: 120_000 });
				// Frames from the first answer on: the run page rebuilds the plan first (tokenizing), which is not a chart update.
				await live.waitForFunction('/^[1-9]/.test(document.querySelector("[data-testid=progress] label span")?.textContent ?? "")', null, { timeout: 120_000 });
				await live.evaluate('window.__frames = []; window.__long = [];');
				await live.waitForFunction('document.querySelector("[data-testid=run-status]")?.textContent === "complete"', null, { timeout: 300_000 });
				answered = Number(/(\d[\d,]*) of/.exec((await live.getByTestId('progress').textContent()) ?? '')?.[1].replace(/,/g, '') ?? 0);
			},
			async () => {}
		);
		const result = {
			stored_run: { answers: file.answers, samples, target_ms: 1000, note: 'charts come from the stored results; answers (token offsets, the answer browser) are read from IndexedDB after' },
			chart_maths_node: chartMathsPerAnswer(3200),
			live_run: { answers: answered, ...frames, target_update_ms: 16, note: 'frame intervals while answers stream in; answers are drawn once per frame' },
			initial_js_home: { ...js, gzipKB: Math.round(js.gzipBytes / 102.4) / 10, targetKB: 150 }
		};
		process.stdout.write(JSON.stringify(result, null, 2) + '\n');
	} finally {
		await browser.close();
		await server.close();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
