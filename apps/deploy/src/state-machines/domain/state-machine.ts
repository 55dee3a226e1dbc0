/** A transition some state machine does not allow; the message names the machine and both states. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine}: cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export interface StateMachine<S extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly finalStates: readonly S[];
  canTransition(from: S, to: S): boolean;
  /** Returns `to`, or throws IllegalTransitionError. */
  transition(from: S, to: S): S;
  isFinal(state: S): boolean;
}

export function defineStateMachine<S extends string>(name: string, table: Readonly<Record<S, readonly S[]>>): StateMachine<S> {
  const states = Object.keys(table) as S[];
  const finalStates = states.filter((s) => table[s].length === 0);
  return {
    name,
    states,
    finalStates,
    canTransition: (from, to) => table[from]?.includes(to) ?? false,
    transition(from, to) {
      if (!(table[from]?.includes(to) ?? false)) throw new IllegalTransitionError(name, from, to);
      return to;
    },
    isFinal: (state) => table[state]?.length === 0,
  };
}
