import type { ResponsesTool } from './responses-types';

/**
 * The one function name a namespace tool's member goes by for providers without namespaces:
 * `crm__lookup`. Chat Completions names allow letters, digits, `_` and `-` only, so no dot.
 */
export function namespacedToolName(namespace: string, name: string): string {
  return `${namespace}__${name}`;
}

/** Flattened names of the request's namespace members -> their namespace and own name, to write calls back. */
export function responsesToolNamespaces(
  tools: readonly ResponsesTool[] | undefined,
): Map<string, { namespace: string; name: string }> {
  const names = new Map<string, { namespace: string; name: string }>();
  for (const tool of tools ?? []) {
    if (tool.type !== 'namespace' || typeof tool.name !== 'string' || !Array.isArray(tool.tools)) continue;
    for (const member of tool.tools as { name?: unknown }[]) {
      if (typeof member?.name === 'string') {
        names.set(namespacedToolName(tool.name, member.name), { namespace: tool.name, name: member.name });
      }
    }
  }
  return names;
}
