// The ConvertError a call throws (or a promise rejects with), for tests that check its kind, file and message; any
// other error, or none, fails the test.
import { ConvertError } from '$lib/convert/types';

export function failure(fn: () => unknown): ConvertError {
	try {
		fn();
	} catch (e) {
		if (e instanceof ConvertError) return e;
		throw e;
	}
	throw new Error('expected a ConvertError');
}

export async function failureOf(p: Promise<unknown>): Promise<ConvertError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ConvertError) return e;
		throw e;
	}
	throw new Error('expected a ConvertError');
}
