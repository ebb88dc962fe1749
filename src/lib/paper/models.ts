// The paper's models whose VaLProbing answers FILM published: a names-only list the pages can import cheaply.
export const PUBLISHED_MODEL_NAMES: readonly string[] = ['FILM-7B', 'Mistral-7B-Instruct-v0.2', 'GPT-4-Turbo'];
