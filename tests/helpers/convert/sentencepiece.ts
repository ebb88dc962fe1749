// Writes a SentencePiece `tokenizer.model` (a ModelProto) from protobuf's wire format, with the trainer and
// normalizer specs around the pieces as real files have them.

function varint(n: number): number[] {
	const out: number[] = [];
	while (n >= 0x80) {
		out.push((n % 128) | 0x80);
		n = Math.floor(n / 128);
	}
	out.push(n);
	return out;
}

const key = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, b: ArrayLike<number>) => [...key(field, 2), ...varint(b.length), ...Array.from(b)];

export interface PieceSpec {
	piece: string;
	score: number;
	/** Omitted on the wire when undefined (NORMAL by default). */
	type?: number;
}

export function writeSentencePieceModel(pieces: PieceSpec[]): Uint8Array {
	const out: number[] = [];
	// trainer_spec (2) with model_type = BPE (field 3 of TrainerSpec) and vocab_size (4), before the pieces.
	out.push(...bytesField(2, [...key(3, 0), ...varint(2), ...key(4, 0), ...varint(pieces.length)]));
	for (const p of pieces) {
		const score = new Uint8Array(new Float32Array([p.score]).buffer);
		const msg = [...bytesField(1, new TextEncoder().encode(p.piece)), ...key(2, 5), ...score];
		if (p.type !== undefined) msg.push(...key(3, 0), ...varint(p.type));
		out.push(...bytesField(1, msg));
	}
	// normalizer_spec (3) with a name (1) and add_dummy_prefix (3), after them.
	out.push(...bytesField(3, [...bytesField(1, new TextEncoder().encode('identity')), ...key(3, 0), 1]));
	return new Uint8Array(out);
}
