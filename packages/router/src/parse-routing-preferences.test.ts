import { describe, expect, it } from 'vitest';
import { parseRoutingPreferences } from './parse-routing-preferences';
import { RoutingPreferenceError } from './routing-preference-error';

function failure(body: Parameters<typeof parseRoutingPreferences>[0]): RoutingPreferenceError {
  try {
    parseRoutingPreferences(body);
  } catch (error) {
    if (error instanceof RoutingPreferenceError) return error;
    throw error;
  }
  throw new Error('expected a RoutingPreferenceError');
}

describe('parseRoutingPreferences', () => {
  it('reads every supported provider field into camelCase', () => {
    const parsed = parseRoutingPreferences({
      model: 'deepseek-chat',
      provider: {
        order: ['deepseek', 'openrouter'],
        only: ['deepseek', 'openrouter', 'groq'],
        ignore: ['azure'],
        allow_fallbacks: false,
        sort: 'latency',
        max_price: { prompt: 0.5, completion: 2 },
        require_parameters: true,
      },
    });
    expect(parsed).toEqual({
      model: 'deepseek-chat',
      models: undefined,
      preferences: {
        order: ['deepseek', 'openrouter'],
        only: ['deepseek', 'openrouter', 'groq'],
        ignore: ['azure'],
        allowFallbacks: false,
        sort: 'latency',
        maxPrice: { prompt: 0.5, completion: 2 },
        requireParameters: true,
      },
    });
  });

  it('has no preferences without a provider object, and treats null as absent', () => {
    expect(parseRoutingPreferences({ model: 'm' })).toEqual({ model: 'm', models: undefined, preferences: undefined });
    expect(parseRoutingPreferences({ model: 'm', provider: null, models: null }).preferences).toBeUndefined();
    expect(parseRoutingPreferences({ model: 'm', provider: { sort: null } }).preferences).toEqual({});
  });

  it('refuses unknown fields, naming them', () => {
    const error = failure({ model: 'm', provider: { sortt: 'price' } });
    expect(error.path).toBe('provider.sortt');
    expect(error.param).toBe('provider.sortt');
    expect(error.status).toBe(400);
    expect(error.message).toContain("'provider.sortt'");
    // OpenRouter options we do not implement are refused rather than silently ignored.
    expect(failure({ model: 'm', provider: { data_collection: 'deny' } }).path).toBe('provider.data_collection');
    expect(failure({ model: 'm', provider: { max_price: { request: 1 } } }).path).toBe('provider.max_price.request');
  });

  it('refuses wrong types with the path of the bad value', () => {
    expect(failure({ model: 'm', provider: 'deepseek' }).path).toBe('provider');
    expect(failure({ model: 'm', provider: { order: 'deepseek' } }).path).toBe('provider.order');
    expect(failure({ model: 'm', provider: { only: ['a', 7] } }).path).toBe('provider.only[1]');
    expect(failure({ model: 'm', provider: { ignore: [''] } }).path).toBe('provider.ignore[0]');
    expect(failure({ model: 'm', provider: { allow_fallbacks: 'no' } }).path).toBe('provider.allow_fallbacks');
    expect(failure({ model: 'm', provider: { require_parameters: 1 } }).path).toBe('provider.require_parameters');
    expect(failure({ model: 'm', provider: { sort: 'cheapest' } }).path).toBe('provider.sort');
    expect(failure({ model: 'm', provider: { max_price: 1 } }).path).toBe('provider.max_price');
    expect(failure({ model: 'm', provider: { max_price: { prompt: -1 } } }).path).toBe('provider.max_price.prompt');
    expect(failure({ model: 'm', provider: { max_price: { completion: '2' } } }).path).toBe('provider.max_price.completion');
    expect(failure({ model: 'm', models: 'other' }).path).toBe('models');
    expect(failure({ model: 'm', models: ['other', 3] }).path).toBe('models[1]');
  });

  it('reads the models fallback list and bounds its length', () => {
    expect(parseRoutingPreferences({ model: 'm', models: ['a', 'b'] }).models).toEqual(['a', 'b']);
    expect(failure({ model: 'm', models: Array.from({ length: 9 }, (_, index) => `m${index}`) }).path).toBe('models');
  });

  it('turns :floor and :nitro into the sort and strips them from every model name', () => {
    expect(parseRoutingPreferences({ model: 'm:floor' })).toEqual({
      model: 'm',
      models: undefined,
      preferences: { sort: 'price' },
    });
    const nitro = parseRoutingPreferences({ model: 'm:nitro', models: ['a:nitro', 'b'], provider: { only: ['x'] } });
    expect(nitro).toEqual({ model: 'm', models: ['a', 'b'], preferences: { only: ['x'], sort: 'throughput' } });
    expect(parseRoutingPreferences({ model: 'm', models: ['a:floor'] }).preferences).toEqual({ sort: 'price' });
    expect(parseRoutingPreferences({ model: 'm:floor', provider: { sort: 'price' } }).preferences).toEqual({ sort: 'price' });
  });

  it('refuses suffixes that contradict each other or provider.sort', () => {
    expect(failure({ model: 'm:floor', provider: { sort: 'latency' } }).path).toBe('model');
    expect(failure({ model: 'm:floor', models: ['a:nitro'] }).path).toBe('models[0]');
  });
});
