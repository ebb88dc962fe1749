// The offline LongBench demo set, served from static/ (see static/demo/longbench/README.md). A file of its own so the
// registry entry (spec.ts) and the task's public index both name it without importing each other.
export const LONGBENCH_DEMO_URL = '/demo/longbench/demo.jsonl';
