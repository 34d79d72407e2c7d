import { describe, expect, it } from 'vitest';
import { diffPriceSheet, PriceSheetError, parsePriceSheet, priceSheetFromVersions } from './price-sheet';
import type { PriceVersion } from './price-version';

const sheet = {
  format: 'switchboard-price-sheet/1',
  prices: [
    {
      provider: 'deepseek',
      model: 'deepseek-v4-pro',
      effectiveFrom: '2026-04-24T00:00:00Z',
      effectiveUntil: '2026-05-31T15:59:00Z',
      usdPerMillion: { input: '0.435', cachedInput: '0.0036', output: '0.87' },
      schedules: [{ name: 'off-peak', days: ['sat', 'sun'], from: '16:30', until: '00:30', usdPerMillion: { input: '0.2175' } }],
      tiers: [{ aboveInputTokens: 128000, usdPerMillion: { input: '0.87', output: '1.74' } }],
      note: '75% launch discount',
    },
  ],
};

describe('price sheets', () => {
  it('reads decimal strings exactly and writes them back the same', () => {
    const [version] = parsePriceSheet(sheet);
    expect(version).toMatchObject({
      providerId: 'deepseek',
      effectiveFrom: Date.parse('2026-04-24T00:00:00Z'),
      effectiveUntil: Date.parse('2026-05-31T15:59:00Z'),
      source: 'import',
      prices: { input: 435_000, cachedInput: 3_600, output: 870_000 },
    });
    const stored: PriceVersion = { ...version!, id: 'pv_1', createdAt: 1 };
    const exported = priceSheetFromVersions([stored], 0);
    const { id, source, ...entry } = exported.prices[0]!;
    expect(id).toBe('pv_1');
    expect(source).toBe('import');
    expect(entry).toEqual(sheet.prices[0]);
    expect(diffPriceSheet([stored], parsePriceSheet(exported))).toMatchObject({ added: [], unchanged: 1 });
  });

  it('refuses what it cannot read exactly, naming the field', () => {
    const broken = (change: (entry: Record<string, unknown>) => void) => {
      const copy = structuredClone(sheet) as { prices: Record<string, unknown>[] };
      change(copy.prices[0]!);
      return () => parsePriceSheet(copy);
    };
    expect(broken((entry) => (entry.usdPerMillion = { input: 0.14, output: '1' }))).toThrow(/usdPerMillion\.input/);
    expect(broken((entry) => (entry.usdPerMillion = { input: '0.1234567', output: '1' }))).toThrow(PriceSheetError);
    expect(broken((entry) => (entry.usdPerMillion = { input: '1' }))).toThrow(/needs both input and output/);
    expect(broken((entry) => (entry.effectiveFrom = '2026-04-24T00:00:00+08:00'))).toThrow(/UTC/);
    expect(broken((entry) => (entry.effectiveUntil = '2026-01-01T00:00:00Z'))).toThrow(/after effectiveFrom/);
    expect(broken((entry) => ((entry.schedules as { from: string }[])[0]!.from = '25:00'))).toThrow(/HH:MM/);
    expect(() => parsePriceSheet({ ...sheet, format: 'other' })).toThrow(/format/);
  });
});
