// `npm run probe -- paper --official DIR`: Table 1 reproduced from FILM's published answers, beside the paper's.
// On the stand-in official files (tests/fixtures/official) with the stand-in answers it must agree everywhere; with
// FILM's real answers against stand-in golds it must say they differ (the check can fail).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../cli/probe';
import { nodePools, POOL_DIR } from '$lib/tasks/node-pools';
import { OFFICIAL_FILE_NAMES, type ProbeTask } from '$lib/paper/published';
import { makeOfficialFixture } from '../fixtures/official/make-official';

let dir: string;
let out: string[] = [];
let err: string[] = [];
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'probe-paper-'));
	const skip = Object.fromEntries(
		(['document', 'code', 'database'] as ProbeTask[]).map((t) => [t, JSON.parse(readFileSync(`${POOL_DIR}skip-lists/${OFFICIAL_FILE_NAMES[t]}_skip_list.json`, 'utf8'))])
	) as Record<ProbeTask, number[]>;
	const fx = makeOfficialFixture(await nodePools(), skip);
	for (const [name, text] of Object.entries(fx.official)) {
		mkdirSync(join(dir, 'official'), { recursive: true });
		writeFileSync(join(dir, 'official', name), text);
	}
	for (const [path, text] of Object.entries(fx.answers)) {
		mkdirSync(dirname(join(dir, 'results', path)), { recursive: true });
		writeFileSync(join(dir, 'results', path), text);
	}
	vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
	vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
}, 120_000);
afterAll(() => {
	vi.restoreAllMocks();
	rmSync(dir, { recursive: true, force: true });
});
async function run(...argv: string[]) {
	out = [];
	err = [];
	const code = await main(argv);
	return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('probe paper', () => {
	it('prints every reproduced Avg and Gap beside Table 1 and exits 0 when all agree', async () => {
		const r = await run('paper', '--official', join(dir, 'official'), '--results', join(dir, 'results'));
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/FILM-7B\s+document\s+85\.4 \(\s*85\.4\)\s+6\.1 \(\s*6\.1\)\s+same/);
		expect(r.stdout).toMatch(/GPT-4-Turbo\s+database\s+89\.6 \(\s*89\.6\)\s+18\.0 \(\s*18\.0\)\s+same/);
		expect(r.stdout).toMatch(/Mistral-7B-Instruct-v0\.2\s+all\s+47\.3 \(\s*47\.3\)\s+56\.2 \(\s*56\.2\)\s+same/);
		expect(r.stdout).not.toContain('DIFFERS');
		expect(r.stderr).toContain('every reproduced figure equals');
		const json = await run('paper', '--official', join(dir, 'official'), '--results', join(dir, 'results'), '--json');
		const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
		expect(rows.map((x) => x.model)).toEqual(['FILM-7B', 'Mistral-7B-Instruct-v0.2', 'GPT-4-Turbo']);
		expect(rows[0].cells.code.paper).toEqual({ avg: 83.3, gap: 18.7 });
	});
	it('says which figures differ and exits 1: the shipped answers do not fit stand-in golds', async () => {
		const r = await run('paper', '--official', join(dir, 'official'));
		expect(r.code).toBe(1);
		expect(r.stdout).toContain('DIFFERS');
		expect(r.stderr).toMatch(/of 12 Avg\/Gap pairs differ/);
	});
	it('without the paper’s bucket averaging, the figures move', async () => {
		const r = await run('paper', '--official', join(dir, 'official'), '--results', join(dir, 'results'), '--no-paper-buckets');
		expect(r.code).toBe(1);
	});
	it('names the files it needs and where they come from', async () => {
		const empty = join(dir, 'empty');
		mkdirSync(empty);
		const r = await run('paper', '--official', empty);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('In2Training/VaLProbing-32K');
		expect((await run('paper')).stderr).toContain('--official is required');
	});
});
