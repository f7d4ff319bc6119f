import { DEVELOPMENT_ISSUER, DEVELOPMENT_SIGNING_KEY, mintToken, tokenVerifier } from '@cardline/platform';
import { sandboxAuth } from '../src/auth';

// What the sandbox's services and gateway verify with, and what a real service does.
const sandbox = { ...sandboxAuth(), SERVICE_NAME: 'cards' };
const real = {
  AUTH_HS256_SECRET: DEVELOPMENT_SIGNING_KEY,
  AUTH_ISSUER: DEVELOPMENT_ISSUER,
  SERVICE_NAME: 'cards',
};

const verify = async (o: typeof real, token: string) => tokenVerifier(o)(`Bearer ${token}`);

describe('training tokens and real ones never cross (docs/adr/0033-console-training-mode.md)', () => {
  it('a trainee’s token is accepted by the sandbox, for the training audience', async () => {
    const token = await mintToken(sandbox, { subject: 'trainee-ann', roles: ['agent'] });
    await expect(verify(sandbox, token)).resolves.toMatchObject({ subject: 'trainee-ann', roles: ['agent'] });
  });

  it('a real service refuses a training token', async () => {
    const token = await mintToken(sandbox, { subject: 'trainee-ann', roles: ['agent'] });
    await expect(verify(real, token)).rejects.toMatchObject({ problem: { status: 401 } });
  });

  it('a real service refuses it even where it shares the key: the audience is the training one', async () => {
    const sameKey = { ...real, AUTH_HS256_SECRET: sandbox.AUTH_HS256_SECRET };
    const token = await mintToken(
      { ...sandbox, AUTH_ISSUER: DEVELOPMENT_ISSUER },
      { subject: 't', roles: ['agent'] },
    );
    await expect(verify(sameKey, token)).rejects.toMatchObject({ problem: { status: 401 } });
  });

  it('the sandbox refuses a real token', async () => {
    const token = await mintToken(real, { subject: 'agent-1', roles: ['agent'] });
    await expect(verify(sandbox, token)).rejects.toMatchObject({ problem: { status: 401 } });
  });

  it('each start draws its own key', () => {
    expect(sandboxAuth().AUTH_HS256_SECRET).not.toBe(sandboxAuth().AUTH_HS256_SECRET);
  });
});
