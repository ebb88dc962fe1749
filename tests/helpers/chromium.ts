// How every test and benchmark starts Chromium here: Debian's binary, headless, and no background traffic (this
// machine's network is closed, and a test must not talk to anything it did not start).
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** The same, with WebGPU on (Chromium's software adapter where there is no GPU). */
export const CHROMIUM_WEBGPU_ARGS = [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
