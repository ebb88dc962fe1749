/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline after the first visit: the app shell, every built chunk and the static task data (FILM pools) are cached
// at install, so the perfect-retrieval reference runs with no network at all. Only this origin's GET requests are
// touched: model downloads (WebLLM keeps its own cache) and endpoint calls pass straight through.
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `app-${version}`;
const FALLBACK = '/200.html';
// FILM's published answers (4 MB) are of use only to someone who imported the official files: they are cached the
// first time the app reads them (below), not at install for every visitor.
const ON_DEMAND = '/data/film/results/';
const ASSETS = [...new Set([...build, ...files.filter((f) => !f.startsWith(ON_DEMAND)), ...prerendered])];
const ASSET_SET = new Set(ASSETS);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(ASSETS);
			// The fallback page exists only on static hosts (not under `vite dev`), so it may be missing.
			await cache.add(FALLBACK).catch(() => undefined);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;
	event.respondWith(respond(req, url));
});

async function respond(req: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	// Built files are content-hashed and static files change only with a new version: cache first.
	if (ASSET_SET.has(url.pathname)) {
		const hit = await cache.match(url.pathname);
		if (hit) return hit;
	}
	try {
		const res = await fetch(req);
		if (res.ok && res.type === 'basic' && req.mode !== 'navigate' && !url.search) cache.put(req, res.clone()).catch(() => undefined);
		return res;
	} catch (e) {
		const hit = await cache.match(req, { ignoreSearch: req.mode === 'navigate' });
		if (hit) return hit;
		// Any page of the app (e.g. /run/abc) is the same client-side shell.
		if (req.mode === 'navigate') {
			const shell = (await cache.match(FALLBACK)) ?? (await cache.match('/'));
			if (shell) return shell;
		}
		throw e;
	}
}
