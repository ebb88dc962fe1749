// What a plan is built from on the command line: FILM's pools and data files read from disk.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import type { PlanDeps } from '$lib/tasks/spec';

export const nodePlanDeps: PlanDeps = {
	pools: nodePools,
	tokenizer: nodeMistralTokenizer,
	// A data source on the command line is a file path; reports name it by its file name.
	open: (path) => ({ bytes: createReadStream(path), name: basename(path) })
};
