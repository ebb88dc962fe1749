// Installs what the app and its tests need on a fresh clone: npm packages (when missing or stale) and, for
// the tests, Chromium from Debian. Node built-ins only, so it runs before `npm ci`.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

function run(cmd, args) {
	console.log(`$ ${cmd} ${args.join(' ')}`);
	execFileSync(cmd, args, { stdio: 'inherit' });
}

export function ensureNodeModules() {
	const marker = 'node_modules/.package-lock.json';
	const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
	if (stale) run('npm', ['ci', '--no-audit', '--no-fund']);
}

export function chromiumPath() {
	return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function ensureChromium() {
	const path = chromiumPath();
	if (existsSync(path)) return path;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		throw new Error(
			`Chromium is needed for the browser tests and was not found at ${path}. ` +
				'Install it with `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.'
		);
	}
	run('apt-get', ['update']);
	run('apt-get', ['install', '-y', 'chromium']);
	if (!existsSync(path)) throw new Error(`apt-get installed chromium, but ${path} is still missing`);
	return path;
}
