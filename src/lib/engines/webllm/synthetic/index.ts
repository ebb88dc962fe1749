// Generated model folders for a real MLC model library: the pure parts (no Node, no DOM), usable in a worker too.
// The Node writer that puts them on disk lives in rig/write-model.ts.
export * from './library-meta';
export * from './params';
export * from './weights';
export * from './model-files';
export { createRng, type Rng } from './rng';
