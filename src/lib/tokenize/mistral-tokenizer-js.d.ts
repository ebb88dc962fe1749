declare module 'mistral-tokenizer-js' {
	const mistralTokenizer: {
		vocabById: string[];
		merges: Map<string, number>;
		encode(text: string, addBos?: boolean, addPrecedingSpace?: boolean): number[];
		decode(ids: number[], addBos?: boolean, addPrecedingSpace?: boolean): string;
	};
	export default mistralTokenizer;
}
