// A small, strict flag parser: unknown flags and missing values are errors that name the option.

export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

export type FlagKind = 'string' | 'int' | 'bool' | 'list';
export type FlagValues = Record<string, string | number | boolean | number[] | undefined>;

/** Parse `--name value`, `--name=value` and boolean `--name` flags against a spec. */
export function parseFlags(argv: readonly string[], spec: Record<string, FlagKind>): FlagValues {
	const out: FlagValues = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq > 0 ? eq : undefined);
		const kind = spec[name];
		if (!kind) throw new UsageError(`unknown option --${name}`);
		if (kind === 'bool') {
			if (eq > 0) throw new UsageError(`--${name} takes no value`);
			out[name] = true;
			continue;
		}
		const raw = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (raw === undefined || (eq < 0 && raw.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
		out[name] = kind === 'int' ? toInt(name, raw) : kind === 'list' ? raw.split(',').map((v) => toInt(name, v)) : raw;
	}
	return out;
}

function toInt(name: string, raw: string): number {
	if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
	return Number(raw);
}

export function required<T>(values: FlagValues, name: string): T {
	const v = values[name];
	if (v === undefined) throw new UsageError(`--${name} is required`);
	return v as T;
}
