import { Argument, type Command } from 'commander';
import { action, type CommandContext } from './command-context.js';

/** Every command path (`''`, `env`, `env cluster`, ...) with the words that may follow it: subcommands and flags. */
export function completionTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const visit = (command: Command, path: string) => {
    const flags = command.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => !!f);
    table.set(path, [...command.commands.map((c) => c.name()), ...flags, '--help']);
    for (const sub of command.commands) visit(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  visit(program, '');
  return table;
}

/** A bash completion function generated from the command tree (commander has none of its own). */
export function bashCompletion(program: Command): string {
  const table = completionTable(program);
  const paths = [...table.keys()].filter(Boolean);
  const cases = [...table].map(([path, words]) => `    '${path}') words='${words.join(' ')}' ;;`);
  return [
    '# amctl bash completion: source <(amctl completion bash)',
    '_amctl() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" key="" next words i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    [[ "${COMP_WORDS[i]}" == -* ]] && continue',
    '    next="${key:+$key }${COMP_WORDS[i]}"',
    '    case "$next" in',
    `      ${paths.map((p) => `'${p}'`).join('|')}) key="$next" ;;`,
    '    esac',
    '  done',
    '  case "$key" in',
    ...cases,
    "    *) words='' ;;",
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -o default -F _amctl amctl',
  ].join('\n');
}

/** zsh runs the bash function through bashcompinit. */
export function zshCompletion(program: Command): string {
  return [
    '#compdef amctl',
    '# amctl zsh completion: source <(amctl completion zsh)',
    'autoload -U +X bashcompinit && bashcompinit',
    bashCompletion(program),
  ].join('\n');
}

export function registerCompletionCommand(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(amctl completion bash)')
    .addArgument(new Argument('<shell>').choices(['bash', 'zsh']))
    .action(
      action(ctx, async (shell: 'bash' | 'zsh') => {
        ctx.io.out(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
      }),
    );
}
