import { z } from 'zod';
import { loadConfig, runtimeConfigShape, sandboxCatalog, sandboxTopic } from '../src';

const env = {
  SERVICE_NAME: 'cards',
  KAFKA_BROKERS: 'localhost:9092',
  MONGO_URL: 'mongodb://localhost:27017',
  SCHEMA_REGISTRY_URL: 'http://localhost:8081',
};
const shape = { ...runtimeConfigShape, MONGO_DB: z.string().default('cards') };

describe('a sandbox shares the servers but no data (docs/adr/0033-console-training-mode.md)', () => {
  it('reads and writes its own topics; the real platform the declared ones', () => {
    expect(sandboxTopic('cards.card', 'training')).toBe('training.cards.card');
    expect(sandboxTopic('cards.card', undefined)).toBe('cards.card');
  });

  it('keeps each type’s subject and schema but moves its topic into the sandbox', () => {
    const real = { get: (type: string) => ({ type, topic: 'cards.card', subject: 's', schema: {} }) };
    expect(sandboxCatalog(real, 'training').get('x')).toEqual({
      type: 'x',
      topic: 'training.cards.card',
      subject: 's',
      schema: {},
    });
    expect(sandboxCatalog(real, undefined)).toBe(real);
  });

  it('refuses to start a sandbox on a database without its suffix', () => {
    expect(() => loadConfig(shape, { ...env, CARDLINE_SANDBOX: 'training' })).toThrow(
      /CARDLINE_SANDBOX=training needs a database ending in _training/,
    );
    expect(
      loadConfig(shape, { ...env, CARDLINE_SANDBOX: 'training', MONGO_DB: 'cards_training' }),
    ).toMatchObject({ CARDLINE_SANDBOX: 'training', MONGO_DB: 'cards_training' });
    expect(loadConfig(shape, { ...env, CARDLINE_SANDBOX: '' }).CARDLINE_SANDBOX).toBeUndefined();
  });

  it('takes only a short lowercase name, which becomes a topic prefix', () => {
    expect(() =>
      loadConfig(shape, { ...env, CARDLINE_SANDBOX: 'Training.x', MONGO_DB: 'a_Training.x' }),
    ).toThrow(/CARDLINE_SANDBOX/);
  });
});
