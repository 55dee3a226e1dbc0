import { type JsonObject, type WorkflowStepSpec } from '../../applications/domain/application.model.js';

/** What the engine asks the application layer to do after it has persisted the new run. */
export type WorkflowEffect =
  | {
      type: 'execute-step';
      /** Step names from the root (`['release', 'approve']` for a nested step). */
      path: string[];
      step: WorkflowStepSpec;
      /** Report it back with the result, so a late result of an abandoned attempt is ignored. */
      attempt: number;
      /** The step's properties with its inputs written at their parameterKey. */
      properties: JsonObject;
      inputs: JsonObject;
      context: JsonObject;
    }
  | { type: 'cancel-step'; path: string[]; reason: string };

/** What happened, as reported by executors, operators and timers. */
export type WorkflowEvent =
  | { type: 'tick' }
  | { type: 'step-succeeded'; path: string[]; attempt: number; outputs?: JsonObject; context?: JsonObject }
  | { type: 'step-suspended'; path: string[]; attempt: number; reason?: string; context?: JsonObject }
  | { type: 'step-failed'; path: string[]; attempt: number; reason: string }
  | { type: 'step-needs-operator'; path: string[]; attempt: number; reason: string }
  | { type: 'step-terminated'; path: string[]; attempt: number; reason: string }
  | { type: 'suspend'; reason?: string }
  | { type: 'resume'; context?: JsonObject }
  | { type: 'terminate'; reason: string }
  | { type: 'retry' };
