// Dropping a model's files on the Models page's advanced form, in Chromium: a real drop event with a DataTransfer
// of files switches the form to local files and keeps every dropped file, by name, for the conversion.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import AdvancedSource from '$lib/components/models/AdvancedSource.svelte';
import { ModelsPageState, type ModelsPageDeps } from '$lib/app/models-page.svelte';

const deps: ModelsPageDeps = {
	store: {
		listStates: async () => ({ states: [], problems: [] }),
		listModels: async () => ({ models: [], problems: [] }),
		getModel: async () => null,
		deleteModel: async () => undefined,
		deleteState: async () => undefined
	},
	missing: async () => [],
	deleteUnder: async () => 0,
	inspect: () => Promise.reject(new Error('not in this test')),
	gpu: async () => ({ available: false, reason: 'test' }) as never
};

let app: Record<string, unknown> | null = null;
afterEach(() => {
	if (app) unmount(app);
	app = null;
	document.body.innerHTML = '';
});

describe('the advanced source’s drop zone', () => {
	it('takes dropped files as the source, each under its own name', async () => {
		const st = new ModelsPageState(deps);
		const target = document.createElement('div');
		document.body.append(target);
		app = mount(AdvancedSource, { target, props: { st } });
		(target.querySelector('details') as HTMLDetailsElement).open = true;
		st.advanced.kind = 'files';
		flushSync();
		const zone = target.querySelector('[data-testid=adv-drop]') as HTMLElement;
		expect(zone).not.toBeNull();
		const dt = new DataTransfer();
		for (const name of ['config.json', 'model.safetensors', 'tokenizer.model']) dt.items.add(new File([name], name));
		zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
		await expect.poll(() => st.advanced.files.map((f) => f.name)).toEqual(['config.json', 'model.safetensors', 'tokenizer.model']);
		expect(st.advanced.kind).toBe('files');
		flushSync();
		expect(zone.textContent).toContain('3 files chosen');
	});
});
