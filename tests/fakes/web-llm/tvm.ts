// The bits of tvmjs the prefix-reuse path touches: scopes, scalars and the `vm.builtin.kv_state_popn` builtin.
export interface FakeKvCache {
	tokens: number[];
}
export interface FakeScalar {
	value: number;
	dtype: string;
}

/** A GPUDevice as far as loss goes: `destroy()` resolves `lost`, as WebGPU does. */
export class FakeDevice {
	#resolve!: (info: { reason: string; message: string }) => void;
	readonly lost = new Promise<{ reason: string; message: string }>((r) => (this.#resolve = r));
	destroy(): void {
		this.#resolve({ reason: 'destroyed', message: 'Device was destroyed.' });
	}
}

export class FakeTvm {
	depth = 0;
	popCalls: number[] = [];
	/** Where web-llm's pipeline keeps its device (tvmjs: tvm.lib.webGPUContext.device). */
	lib = { webGPUContext: { device: new FakeDevice() } };
	constructor(private brokenPop: boolean) {}

	beginScope(): void {
		this.depth++;
	}
	endScope(): void {
		if (this.depth === 0) throw new Error('endScope without beginScope');
		this.depth--;
	}
	scalar(value: number, dtype: string): FakeScalar {
		return { value, dtype };
	}
	detachFromCurrentScope<T>(obj: T): T {
		return obj;
	}
	getGlobalFunc(name: string): (...args: unknown[]) => unknown {
		// Mirrors tvmjs: functions that return TVM objects need an open scope.
		if (this.depth === 0) throw new Error('Must call beginScope to use functions that returns TVM objects');
		if (name !== 'vm.builtin.kv_state_popn') throw new Error(`Cannot find global function ${name}`);
		return (kv: unknown, seq: unknown, n: unknown) => {
			const s = seq as FakeScalar;
			const k = n as FakeScalar;
			// tvmjs passes plain JS numbers as floats: the real builtin would reject them.
			if (typeof s !== 'object' || s.dtype !== 'int64' || typeof k !== 'object' || k.dtype !== 'int64')
				throw new Error('kv_state_popn expects int64 scalars');
			if (s.value !== 0) throw new Error(`no sequence ${s.value}`);
			const cache = kv as FakeKvCache;
			const count = this.brokenPop ? Math.floor(k.value / 2) : k.value;
			if (count > cache.tokens.length) throw new Error('popn beyond the sequence');
			cache.tokens.length -= count;
			this.popCalls.push(k.value);
		};
	}
}
