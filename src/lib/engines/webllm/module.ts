// The slice of @mlc-ai/web-llm that the worker uses. Both pinned versions (0.2.86, and 0.2.79 under the alias
// `web-llm-0279`) satisfy it structurally — tests/unit/webllm-module.test.ts checks that at compile time — so the
// worker server can be handed either one, or a fake, without a second copy of the engine.

/** A model record as web-llm reads it (`ModelRecord`). */
export interface ModelRecordLike {
	model: string;
	model_id: string;
	model_lib: string;
	overrides?: ChatOptionsLike;
	vram_required_MB?: number;
	low_resource_required?: boolean;
	required_features?: string[];
}

/** 0.2.86 reads `cacheBackend`; 0.2.79 reads `useIndexedDBCache`. We always set both. */
export interface AppConfigLike {
	model_list: ModelRecordLike[];
	cacheBackend?: 'cache' | 'indexeddb';
	useIndexedDBCache?: boolean;
}

export interface ChatOptionsLike {
	context_window_size?: number;
	sliding_window_size?: number;
	attention_sink_size?: number;
	temperature?: number;
	top_p?: number;
	repetition_penalty?: number;
	frequency_penalty?: number;
	presence_penalty?: number;
}

export interface InitProgressLike {
	progress: number;
	timeElapsed: number;
	text: string;
}

export interface LogitProcessorLike {
	processLogits: (logits: Float32Array) => Float32Array;
	processSampledToken: (token: number) => void;
	resetState: () => void;
}

export interface EngineConfigLike {
	appConfig?: AppConfigLike;
	initProgressCallback?: (report: InitProgressLike) => void;
	logitProcessorRegistry?: Map<string, LogitProcessorLike>;
}

export interface CompletionParamsLike {
	prompt: string;
	model?: string | null;
	max_tokens?: number | null;
	stop?: string | string[] | null;
	temperature?: number | null;
	top_p?: number | null;
	frequency_penalty?: number | null;
	presence_penalty?: number | null;
	stream?: false | null;
}

export interface MlcEngineLike {
	reload(modelId: string, chatOpts?: ChatOptionsLike): Promise<void>;
	unload(): Promise<void>;
	interruptGenerate(): void | Promise<void>;
	resetChat(keepStats?: boolean, modelId?: string): Promise<void>;
	forwardTokensAndSample(inputIds: number[], isPrefill: boolean, modelId?: string): Promise<number>;
	setInitProgressCallback(cb?: (report: InitProgressLike) => void): void;
	/** The result is validated where it is read (see completion.ts): never trusted as typed. */
	completion(request: CompletionParamsLike & { stream?: false | null }): Promise<unknown>;
}

export interface WebLlmModule {
	MLCEngine: new (engineConfig?: EngineConfigLike) => MlcEngineLike;
	hasModelInCache(modelId: string, appConfig?: AppConfigLike): Promise<boolean>;
	deleteModelAllInfoInCache(modelId: string, appConfig?: AppConfigLike): Promise<void>;
	prebuiltAppConfig: { model_list: ModelRecordLike[] };
}

/** Our app config for one record: IndexedDB cache in both versions' spelling. */
export function appConfigFor(record: ModelRecordLike): AppConfigLike {
	return { model_list: [record], cacheBackend: 'indexeddb', useIndexedDBCache: true };
}
