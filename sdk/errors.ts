// The errors a guarded call can throw. Self-contained (no imports), so the published type
// declarations of runway-budget/sdk need nothing outside dist/sdk/.

/** What a refused call knew when it refused. */
export interface BudgetErrorInfo {
  /** USD counted against the budget when the call was refused (finished calls; in-flight ones not included). */
  spentSoFar: number;
  budget: number;
  /** Calls this run had sent before the refusal. */
  callCount: number;
  /** The run's name. */
  run: string;
  userId: string | null;
}

/** A call was not sent: it would have broken the run's (or the user's) budget. */
export class BudgetExceededError extends Error {
  readonly spentSoFar: number;
  readonly budget: number;
  readonly callCount: number;
  readonly run: string;
  readonly userId: string | null;

  constructor(message: string, info: BudgetErrorInfo) {
    super(message);
    this.name = 'BudgetExceededError';
    this.spentSoFar = info.spentSoFar;
    this.budget = info.budget;
    this.callCount = info.callCount;
    this.run = info.run;
    this.userId = info.userId;
  }
}

/** A call was not sent: it repeated a request, or continued a run of fast-growing prompts. A BudgetExceededError, so one catch handles both. */
export class LoopDetectedError extends BudgetExceededError {
  /** `repeat`: the same request again; `growth`: the prompt grew geometrically. */
  readonly kind: 'repeat' | 'growth';

  constructor(message: string, info: BudgetErrorInfo, kind: 'repeat' | 'growth') {
    super(message, info);
    this.name = 'LoopDetectedError';
    this.kind = kind;
  }
}

/** A call was not sent: its model has no price, so no budget can bound it. Give one with the `prices` option. */
export class UnpricedModelError extends Error {
  readonly model: string;

  constructor(model: string, why: string) {
    super(`runway-budget: ${why} for model "${model}": give one with the run's \`prices\` option (USD per million tokens, e.g. { "${model}": { input: 3, output: 15 } }); the call was not sent`);
    this.name = 'UnpricedModelError';
    this.model = model;
  }
}
