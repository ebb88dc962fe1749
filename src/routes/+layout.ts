// Everything here needs the browser (WebGPU, IndexedDB, workers): render on the client, prerender the shell.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'never';
