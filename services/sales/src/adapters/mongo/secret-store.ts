import type { mongo } from 'mongoose';
import type { ApplicantSecrets, SecretStore } from '../../application/ports';
import type { EnvelopeCipher, Sealed } from '@cardline/platform';

export type SecretDoc = Sealed & { _id: string; updatedAt: Date };

/** The applicants' personal data, sealed per application (the platform's envelope cipher); nothing in clear. */
export class MongoSecretStore implements SecretStore {
  constructor(
    private readonly docs: mongo.Collection<SecretDoc>,
    private readonly cipher: EnvelopeCipher,
  ) {}

  async put(applicationId: string, secrets: ApplicantSecrets): Promise<void> {
    const sealed = this.cipher.seal(Buffer.from(JSON.stringify(secrets), 'utf8'), applicationId);
    await this.docs.replaceOne(
      { _id: applicationId },
      { ...sealed, updatedAt: new Date() },
      { upsert: true },
    );
  }

  async get(applicationId: string): Promise<ApplicantSecrets | null> {
    const d = await this.docs.findOne({ _id: applicationId });
    if (!d) return null;
    return JSON.parse(this.cipher.open(d, applicationId).toString('utf8')) as ApplicantSecrets;
  }

  async remove(applicationId: string): Promise<void> {
    await this.docs.deleteOne({ _id: applicationId });
  }
}
