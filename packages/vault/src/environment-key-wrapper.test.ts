import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import { parseKekRing } from './parse-kek-ring';

const kekText = randomBytes(32).toString('base64');
const wrapper = new EnvironmentKeyWrapper(parseKekRing(`current:${kekText},previous:${randomBytes(32).toString('base64')}`));
const context = { providerKeyId: 'pk_1', providerId: 'gemini' };

describe('EnvironmentKeyWrapper', () => {
  it('wraps under the first KEK and unwraps to the same data key', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await wrapper.wrap(dataKey, context);
    expect(wrapped.kekId).toBe('current');
    expect(wrapped.wrappedDek).not.toContain(dataKey.toString('base64').slice(0, 10));
    expect(await wrapper.unwrap(wrapped.wrappedDek, wrapped.kekId, context)).toEqual(dataKey);
  });

  it('knows which KEKs it holds', () => {
    expect(wrapper.currentKekId).toBe('current');
    expect(wrapper.canUnwrap('previous')).toBe(true);
    expect(wrapper.canUnwrap('other')).toBe(false);
  });

  it('binds the KEK id: a wrap does not unwrap under another id', async () => {
    const wrapped = await wrapper.wrap(randomBytes(32), context);
    await expect(wrapper.unwrap(wrapped.wrappedDek, 'previous', context)).rejects.toThrow('could not decrypt provider key pk_1');
  });

  it('binds the row: a wrap does not unwrap for another provider key', async () => {
    const wrapped = await wrapper.wrap(randomBytes(32), context);
    await expect(wrapper.unwrap(wrapped.wrappedDek, 'current', { ...context, providerKeyId: 'pk_2' })).rejects.toThrow(
      'could not decrypt provider key pk_2',
    );
  });

  it('refuses a wrapped key of the wrong length', async () => {
    const wrapped = await wrapper.wrap(randomBytes(32), context);
    const short = Buffer.from(wrapped.wrappedDek, 'base64').subarray(0, 50).toString('base64');
    await expect(wrapper.unwrap(short, 'current', context)).rejects.toMatchObject({ code: 'decryption_failed' });
  });

  it('does not show KEK bytes when inspected', () => {
    expect(inspect(wrapper, { depth: 10, showHidden: true })).not.toContain(kekText);
    expect(JSON.stringify(wrapper)).not.toContain(kekText);
  });
});
