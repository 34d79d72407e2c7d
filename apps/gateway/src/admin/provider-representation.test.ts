import { builtInCatalog } from '@switchboard/providers';
import { describe, expect, it } from 'vitest';
import { providerRepresentation } from './provider-representation';

describe('providerRepresentation', () => {
  const deepseek = builtInCatalog.providers.find((provider) => provider.id === 'deepseek')!;
  // A database seeded before the retirement still holds rows for the retired names.
  const seededEarlier = {
    ...deepseek,
    models: [...deepseek.models, { id: 'deepseek-chat', upstream: 'deepseek-chat', kind: 'chat' as const }],
  };

  it('lists retired names as retirements with their replacement, not as models', () => {
    const shown = providerRepresentation(seededEarlier, builtInCatalog.retirements);
    expect(shown.models.map((model) => model.id)).toEqual(['deepseek-v4-flash', 'deepseek-v4-pro']);
    expect(shown.retiredModels).toEqual([
      { model: 'deepseek-chat', retiredAt: '2026-07-24T15:59:00Z', replacement: 'deepseek-v4-flash', thinking: 'disabled' },
      { model: 'deepseek-reasoner', retiredAt: '2026-07-24T15:59:00Z', replacement: 'deepseek-v4-flash', thinking: 'enabled' },
    ]);
  });

  it('shows another provider without retirements unchanged', () => {
    const openai = builtInCatalog.providers.find((provider) => provider.id === 'openai')!;
    const shown = providerRepresentation(openai, builtInCatalog.retirements);
    expect(shown).not.toHaveProperty('retiredModels');
    expect(shown.models).toHaveLength(openai.models.length);
  });
});
