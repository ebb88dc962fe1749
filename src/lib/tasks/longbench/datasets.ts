// The nine English LongBench tasks FILM reports (SPEC.md §3): what each is scored with and how long its answer
// may be. Max new tokens are LongBench's config/dataset2maxlen.json, which SPEC §3 repeats.
import { LONGBENCH_PROMPTS } from './prompts';

export type LongbenchDataset = keyof typeof LONGBENCH_PROMPTS;
export type LongbenchMetric = 'qa-f1' | 'rouge-l';

export interface LongbenchDatasetInfo {
	name: LongbenchDataset;
	/** Column label in the paper's Table 2. */
	label: string;
	metric: LongbenchMetric;
	maxNewTokens: number;
	prompt: string;
}

function info(name: LongbenchDataset, label: string, metric: LongbenchMetric, maxNewTokens: number): LongbenchDatasetInfo {
	return { name, label, metric, maxNewTokens, prompt: LONGBENCH_PROMPTS[name] };
}

/** In the paper's column order, which is also the order of every table and plan here. */
export const LONGBENCH_DATASETS: readonly LongbenchDatasetInfo[] = [
	info('narrativeqa', 'NarrativeQA', 'qa-f1', 128),
	info('qasper', 'Qasper', 'qa-f1', 128),
	info('multifieldqa_en', 'MultiFQA', 'qa-f1', 64),
	info('hotpotqa', 'HotpotQA', 'qa-f1', 32),
	info('2wikimqa', '2WikiMQA', 'qa-f1', 32),
	info('musique', 'MuSiQue', 'qa-f1', 32),
	info('gov_report', 'GovReport', 'rouge-l', 512),
	info('qmsum', 'QMSum', 'rouge-l', 512),
	info('multi_news', 'MultiNews', 'rouge-l', 512)
];

export const LONGBENCH_DATASET_NAMES: readonly LongbenchDataset[] = LONGBENCH_DATASETS.map((d) => d.name);

/** LongBench tasks that exist but are outside FILM's English subset: named so a skip says why. */
export const OTHER_LONGBENCH_DATASETS: readonly string[] = [
	'multifieldqa_zh', 'dureader', 'vcsum', 'lsht', 'passage_retrieval_zh',
	'trec', 'triviaqa', 'samsum', 'passage_count', 'passage_retrieval_en', 'lcc', 'repobench-p'
];

const byName = new Map<string, LongbenchDatasetInfo>(LONGBENCH_DATASETS.map((d) => [d.name, d]));

export function isLongbenchDataset(name: string): name is LongbenchDataset {
	return byName.has(name);
}

/** LongBench-E files name their datasets `hotpotqa_e` and so on; the rows are scored like the plain task. */
export function canonicalDatasetName(name: string): string {
	return name.endsWith('_e') && byName.has(name.slice(0, -2)) ? name.slice(0, -2) : name;
}

export function datasetInfo(name: string): LongbenchDatasetInfo {
	const found = byName.get(canonicalDatasetName(name));
	if (!found) throw new Error(unknownDatasetMessage(name));
	return found;
}

/** One wording for every place that meets a dataset name it cannot use. */
export function unknownDatasetMessage(name: string): string {
	if (OTHER_LONGBENCH_DATASETS.includes(canonicalDatasetName(name)))
		return `dataset "${name}" is a LongBench task outside the nine English tasks this evaluator runs (${LONGBENCH_DATASET_NAMES.join(', ')})`;
	return `unknown dataset "${name}"; expected one of ${LONGBENCH_DATASET_NAMES.join(', ')}`;
}
