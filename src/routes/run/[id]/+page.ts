// Run ids exist only in this browser's storage: the page is served by the fallback and reads the id at run time.
export const prerender = false;
