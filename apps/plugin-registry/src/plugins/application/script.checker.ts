/** Port: does a plug-in script compile in the sandbox's engine? Never runs the script. */
export abstract class ScriptChecker {
  /** undefined when it compiles, else the engine's error (e.g. `SyntaxError: unexpected token in expression: '}' at line 3`). */
  abstract compileError(source: string, fileName: string): Promise<string | undefined>;
}
