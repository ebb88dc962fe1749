// A character-level stand-in for a SentencePiece tokenizer: like Mistral's, it prepends "▁" to the text it encodes
// (so a suffix encoded on its own differs from the same suffix inside a full prompt) and maps "<s>" to BOS.
export const BOS = 1;
export const EOS = 2;
export const VOCAB = 140;
const SPACE = 131; // "▁"

function charId(ch: string): number {
	const code = ch.charCodeAt(0);
	return code < 128 ? 3 + code : 3; // unknown characters fold onto one id
}

export class FakeTokenizer {
	encode(text: string): Int32Array {
		// Like Hugging Face tokenizers: special tokens are split out first, then each other segment is normalized
		// (leading "▁", spaces to "▁") on its own — so "<s>[INST]" reads as BOS, "▁[", "I", ….
		const ids: number[] = [];
		text.split('<s>').forEach((seg, i) => {
			if (i > 0) ids.push(BOS);
			if (seg === '') return;
			for (const ch of '▁' + seg.replace(/ /g, '▁')) ids.push(ch === '▁' ? SPACE : charId(ch));
		});
		return Int32Array.from(ids);
	}
	decode(ids: Int32Array): string {
		let out = '';
		for (const id of ids) {
			if (id === SPACE) out += ' ';
			else if (id >= 3 && id < 131) out += String.fromCharCode(id - 3);
		}
		return out.startsWith(' ') ? out.slice(1) : out;
	}
	getVocabSize(): number {
		return VOCAB;
	}
}
