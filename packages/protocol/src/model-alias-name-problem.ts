const maximumLength = 200;
const whitespaceOrControl = /[\s\p{Cc}]/u;

/**
 * Why `name` cannot be a model alias, or undefined when it can. A name is an exact model name or
 * a pattern where `*` matches any run of characters (`claude-sonnet-*`). A pattern needs at least
 * one literal character: `*` alone would swallow every request, typos included, which is a
 * catch-all nobody means to write (a default model belongs in the request).
 */
export function modelAliasNameProblem(name: string): string | undefined {
  if (name === '') return 'an alias name must not be empty';
  if (name.length > maximumLength) return `an alias name must be at most ${maximumLength} characters`;
  if (whitespaceOrControl.test(name))
    return `the alias name ${JSON.stringify(name)} must not contain spaces or control characters`;
  if (/^\*+$/.test(name))
    return `the alias name ${JSON.stringify(name)} is only '*'; a pattern needs at least one literal character, such as 'claude-*'`;
  return undefined;
}

/** Whether an alias name is a pattern rather than an exact name. */
export function isModelAliasPattern(name: string): boolean {
  return name.includes('*');
}
