// Just enough protobuf to walk a message: each field's number and wire type, with its varint, fixed or
// length-delimited payload. Enough for SentencePiece's ModelProto; no schema, no groups (long deprecated).

export type ProtoField =
	| { field: number; wire: 0; varint: number }
	| { field: number; wire: 1; bytes: Uint8Array }
	| { field: number; wire: 2; bytes: Uint8Array }
	| { field: number; wire: 5; bytes: Uint8Array };

export class ProtoError extends Error {}

/** The fields of one message, in order. Throws ProtoError where the bytes are not a protobuf message. */
export function* protoFields(buf: Uint8Array): Generator<ProtoField> {
	let pos = 0;
	const varint = (): number => {
		let result = 0;
		let scale = 1;
		for (let i = 0; i < 10; i++) {
			if (pos >= buf.length) throw new ProtoError(`a varint runs past the end at byte ${pos}`);
			const b = buf[pos++];
			// Multiplication, not shifts: a varint may exceed 32 bits (values past 2^53 lose precision, fine for enums).
			result += (b & 0x7f) * scale;
			if ((b & 0x80) === 0) return result;
			scale *= 128;
		}
		throw new ProtoError(`a varint longer than 10 bytes at byte ${pos}`);
	};
	const take = (n: number): Uint8Array => {
		if (pos + n > buf.length) throw new ProtoError(`a field of ${n} bytes runs past the end at byte ${pos}`);
		pos += n;
		return buf.subarray(pos - n, pos);
	};
	while (pos < buf.length) {
		const key = varint();
		const field = Math.floor(key / 8);
		const wire = key % 8;
		if (field === 0) throw new ProtoError(`field number 0 at byte ${pos}`);
		if (wire === 0) yield { field, wire, varint: varint() };
		else if (wire === 1) yield { field, wire, bytes: take(8) };
		else if (wire === 2) yield { field, wire, bytes: take(varint()) };
		else if (wire === 5) yield { field, wire, bytes: take(4) };
		else throw new ProtoError(`wire type ${wire} (field ${field}) at byte ${pos}`);
	}
}
