// Svelte components mounted into the page for browser tests, and all of them unmounted after each test.
import { afterEach } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';

const mounted: Record<string, unknown>[] = [];

/** Mounts `C` with `props` into a fresh element on the page; returns that element. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function render<P extends Record<string, any>>(C: Component<P, any, any>, props: P): HTMLElement {
	const target = document.createElement('div');
	document.body.appendChild(target);
	mounted.push(mount(C, { target, props }) as Record<string, unknown>);
	flushSync();
	return target;
}

afterEach(() => {
	while (mounted.length) unmount(mounted.pop()!);
	document.body.innerHTML = '';
});
