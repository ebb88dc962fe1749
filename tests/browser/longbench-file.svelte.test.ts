// The New run page's LongBench file picker in Chromium: a file picked through the real <input type=file> or
// dropped on the zone is imported at once, its kept rows land in IndexedDB, and the report shows the skipped rows.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { flushSync, mount, unmount } from 'svelte';
import LongbenchSource from '$lib/components/run/LongbenchSource.svelte';
import type { LongbenchFileChoice } from '$lib/app/settings';
import { createLongbenchRowsStore } from '$lib/store/longbench-rows-store';
import MINI from '../fixtures/longbench/mini.jsonl?raw';

let n = 0;
const mounted: Record<string, unknown>[] = [];
afterEach(() => {
	while (mounted.length) unmount(mounted.pop()!);
	document.body.innerHTML = '';
});

/** Mounts the picker with `file` bound, as the page binds it to the settings. */
function render(url = '') {
	const store = createLongbenchRowsStore(`browser-lb-rows-${Date.now()}-${n++}`);
	// A rune, as the page's settings are: the component reads back what it writes through the binding. The field
	// starts absent, as in fresh settings.
	const bound = $state<{ file?: LongbenchFileChoice | null }>({});
	const target = document.body.appendChild(document.createElement('div'));
	const props = {
		get file() {
			return bound.file;
		},
		set file(v: LongbenchFileChoice | null | undefined) {
			bound.file = v;
		},
		url,
		store
	};
	mounted.push(mount(LongbenchSource, { target, props }) as Record<string, unknown>);
	flushSync();
	const input = target.querySelector<HTMLInputElement>('input[type=file]')!;
	return { target, store, bound, input };
}

const report = (target: HTMLElement) => target.querySelector('[data-testid=longbench-file-report]')?.textContent ?? '';

describe('LongBench data from a picked or dropped file', () => {
	it('imports a file picked through the input, stores its rows and lists the skipped ones', async () => {
		const { target, store, bound, input } = render('https://data.example.org/narrativeqa.jsonl');
		// The zone is labelled and reachable by keyboard: the input itself carries the visible label.
		expect(input.labels?.[0]?.textContent).toMatch(/Pick LongBench JSONL files .* or drop them here/);
		expect(input.accept).toContain('.jsonl');
		expect(input.multiple).toBe(true);

		await userEvent.upload(input, new File([MINI], 'mini.jsonl', { type: 'application/jsonl' }));
		await expect.poll(() => report(target), { timeout: 15_000 }).toContain('Using mini.jsonl');
		const text = report(target);
		expect(text).toContain('5 rows kept (the URL above is not used while this file is chosen)');
		expect(text).toMatch(/Imported 5 of 13 rows from mini.jsonl \(narrativeqa 2, hotpotqa 1, gov_report 1, qasper 1\)/);
		expect(text).toContain('Skipped 8:');
		const details = target.querySelector('details')!;
		expect(details.querySelector('summary')!.textContent).toBe('Skipped rows (8)');
		expect(details.textContent).toContain('mini.jsonl, line 4 (no-context): missing "context"');

		expect(bound.file).toEqual({ name: 'mini.jsonl', rowsKey: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 5 });
		const rows = await store.rows(bound.file!.rowsKey!, 'mini.jsonl');
		expect(rows.map((r) => r.id)).toEqual(['nqa-1', 'nqa-2', 'hq-1', 'gr-1', 'missing-nothing']);

		// Remove: back to the URL or the demo set.
		[...target.querySelectorAll('button')].find((b) => /Remove file/.test(b.textContent ?? ''))!.click();
		flushSync();
		expect(bound.file).toBeNull();
		expect(report(target)).toBe('');
	});

	it('imports a file dropped on the zone', async () => {
		const { target, bound, input } = render();
		const dt = new DataTransfer();
		dt.items.add(new File([MINI], 'dropped.jsonl'));
		const zone = target.querySelector<HTMLElement>('[data-testid=longbench-drop]')!;
		const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
		zone.dispatchEvent(over);
		expect(over.defaultPrevented).toBe(true); // the zone accepts the drop
		const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
		zone.dispatchEvent(drop);
		expect(drop.defaultPrevented).toBe(true); // the browser does not open the file instead
		await expect.poll(() => report(target), { timeout: 15_000 }).toContain('Using dropped.jsonl');
		expect(report(target)).toContain('Skipped 8:');
		expect(input.files?.[0]?.name).toBe('dropped.jsonl');
		expect(bound.file?.rows).toBe(5);
	});

	it('shows a fatal error with what to do, and keeps the start blocked until the file is removed', async () => {
		const { target, bound, input } = render();
		await userEvent.upload(input, new File([new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d, 0x0a])], 'broken.jsonl'));
		await expect.poll(() => target.querySelector('[role=alert]')?.textContent ?? '', { timeout: 15_000 }).toMatch(
			/^broken.jsonl: The file is not UTF-8 text: .* re-save or re-download the file/
		);
		expect(bound.file).toEqual({ name: 'broken.jsonl', rowsKey: null, rows: 0 });
		[...target.querySelectorAll('button')].find((b) => /Remove file/.test(b.textContent ?? ''))!.click();
		flushSync();
		expect(bound.file).toBeNull();
		expect(target.querySelector('[role=alert]')).toBeNull();
	});
});
