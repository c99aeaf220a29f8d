/**
 * Developer CLI: `npm run --silent cli -- <command> [...]`. Each command lives in scripts/cli/ and
 * prints one JSON object on stdout; errors go to stderr with exit code 2.
 */
const commands: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  assess: () => import('./cli/assess'),
  classify: () => import('./cli/classify'),
  inspect: () => import('./cli/inspect'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  console.error(`usage: cli <${Object.keys(commands).join('|') || 'command'}> [options]`);
  process.exit(2);
}
try {
  await (await load()).run(args);
} catch (error) {
  console.error(`cli ${name}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
