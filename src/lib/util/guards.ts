// The type guards every validator starts from. Stored records, worker messages and parsed files arrive as
// `unknown`; these are the first questions asked of them, answered one way across the app.

/** A plain object (not null, not an array): the only thing whose fields a validator may read. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isString = (v: unknown): v is string => typeof v === 'string';

/** A number that is neither NaN nor ±Infinity (JSON cannot carry those, so a stored one means corruption). */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
