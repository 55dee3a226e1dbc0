import { Injectable } from '@nestjs/common';
import { getQuickJS, shouldInterruptAfterDeadline } from 'quickjs-emscripten';
import type { ScriptChecker } from '../application/script.checker.js';

const COMPILE_DEADLINE_MS = 1_000;
const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Compiles a script in QuickJS without running it (`compileOnly`), in a fresh runtime with a memory
 * cap and a deadline: a syntax error is caught at upload, and nothing of the plug-in executes here.
 * The script is compiled as the sandbox loads it: a classic script, not a module.
 */
@Injectable()
export class QuickJsScriptChecker implements ScriptChecker {
  async compileError(source: string, fileName: string): Promise<string | undefined> {
    const quickjs = await getQuickJS();
    const runtime = quickjs.newRuntime({ memoryLimitBytes: MEMORY_LIMIT_BYTES, maxStackSizeBytes: 512 * 1024 });
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + COMPILE_DEADLINE_MS));
    const context = runtime.newContext();
    try {
      const result = context.evalCode(source, fileName, { type: 'global', compileOnly: true });
      if (result.error) {
        const error = context.dump(result.error) as { name?: string; message?: string } | string;
        result.error.dispose();
        return typeof error === 'string' ? error : `${error.name ?? 'Error'}: ${error.message ?? 'does not compile'}`;
      }
      result.value.dispose();
      return undefined;
    } finally {
      context.dispose();
      runtime.dispose();
    }
  }
}
