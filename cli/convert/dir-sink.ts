// The CLI's ends of a conversion: the converted MLC folder written into a directory (each file written to a
// temporary name and renamed, so a crash never leaves a half file under the real name), and the resumable state
// and completion record kept beside it, so running the same command again resumes.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSink, StateStore } from '../../src/lib/convert/run/convert';
import { validateConversionState, type ConversionState } from '../../src/lib/convert/run/state';
import type { ConvertedModel } from '../../src/lib/convert/record';

export const STATE_FILE = '.convert-state.json';
export const RECORD_FILE = 'convert-record.json';

export function dirSink(dir: string): ModelSink {
	return {
		async put(name, data) {
			await mkdir(dir, { recursive: true });
			const tmp = join(dir, `.${name}.partial`);
			await writeFile(tmp, data);
			await rename(tmp, join(dir, name));
		},
		async missing(names) {
			const out: string[] = [];
			for (const n of names) if (!(await stat(join(dir, n)).catch(() => null))?.isFile()) out.push(n);
			return out;
		}
	};
}

export function dirStore(dir: string): StateStore {
	const statePath = join(dir, STATE_FILE);
	return {
		async getState() {
			const text = await readFile(statePath, 'utf8').catch(() => null);
			if (text === null) return null;
			const v = validateConversionState(JSON.parse(text));
			if (!v.ok) throw new Error(`${statePath} cannot be resumed (${v.error}): delete it to start again`);
			return v.state;
		},
		async putState(s: ConversionState) {
			await mkdir(dir, { recursive: true });
			await writeFile(`${statePath}.partial`, JSON.stringify(s));
			await rename(`${statePath}.partial`, statePath);
		},
		deleteState: () => rm(statePath, { force: true }),
		async putModel(m: ConvertedModel) {
			await writeFile(join(dir, RECORD_FILE), JSON.stringify(m, null, 2));
		}
	};
}
