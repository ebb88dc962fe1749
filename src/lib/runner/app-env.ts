// The build facts a run records. The app build injects __APP_VERSION__ / __APP_COMMIT__ (vite.config.ts);
// Node entry points without the define get "unknown" unless they pass their own values.

export interface AppEnvironment {
	appVersion: string;
	appCommit: string;
	userAgent: string | null;
}

export function appEnvironment(overrides: Partial<AppEnvironment> = {}): AppEnvironment {
	const version = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'unknown';
	const commit = typeof __APP_COMMIT__ === 'string' ? __APP_COMMIT__ : 'unknown';
	const ua = typeof navigator !== 'undefined' && typeof navigator.userAgent === 'string' ? navigator.userAgent : null;
	return { appVersion: version, appCommit: commit, userAgent: ua, ...overrides };
}
