/**
 * The add-on sale's disclosure gate in the console: Enroll is offered only
 * once every statement of the offer's script has been read and
 * acknowledged, with the price, the optional nature and the exclusions, and
 * the customer's express yes (docs/adr/0017-sales-domain-rules.md). Sales
 * checks the same record again; the console keeps the agent from sending an
 * incomplete one.
 */
export interface Offer {
  offerId: string;
  addOn: string;
  termsVersion: string;
  name: string;
  pricing: {
    kind: string;
    monthlyFee: number | null;
    freeTrial: boolean;
    feeBps: number | null;
    minimumFee: number | null;
  };
  currency: string;
  exclusions: string[];
  scriptVersion: string;
  script: string[];
}

export interface Acknowledged {
  /** Indexes of the script statements read out and acknowledged. */
  script: ReadonlySet<number>;
  price: boolean;
  optional: boolean;
  exclusions: boolean;
  /** When the agent ticked that the customer said yes: the time the consent record gives. */
  expressYes: number | null;
  /** A free trial: when the customer agreed that it becomes paid. */
  conversion: number | null;
  /** China: when the customer gave the separate consent to process sensitive personal information. */
  sensitivePi: number | null;
  /** Where the call recording is kept: sales requires it (RECORDING_REFERENCE). */
  recordingRef: string;
  /** A balance transfer: the amount to move, in minor units. */
  transferAmount: number | null;
}

export const nothingAcknowledged = (): Acknowledged => ({
  script: new Set(),
  price: false,
  optional: false,
  exclusions: false,
  expressYes: null,
  conversion: null,
  sensitivePi: null,
  recordingRef: '',
  transferAmount: null,
});

/** What is still to be read or said before Enroll may be pressed, by i18n key (empty: ready). */
export function stillMissing(offer: Offer, ack: Acknowledged, market: 'US' | 'CN'): string[] {
  const missing: string[] = [];
  offer.script.forEach((_line, i) => {
    if (!ack.script.has(i)) missing.push(`enrol.missing.script:${i + 1}`);
  });
  if (!ack.price) missing.push('enrol.missing.price');
  if (!ack.optional) missing.push('enrol.missing.optional');
  if (offer.exclusions.length > 0 && !ack.exclusions) missing.push('enrol.missing.exclusions');
  if (offer.pricing.freeTrial && !ack.conversion) missing.push('enrol.missing.conversion');
  if (market === 'CN' && !ack.sensitivePi) missing.push('enrol.missing.sensitivePi');
  if (!ack.recordingRef.trim()) missing.push('enrol.missing.recording');
  if (offer.addOn === 'BALANCE_TRANSFER' && !(ack.transferAmount && ack.transferAmount > 0))
    missing.push('enrol.missing.transferAmount');
  if (!ack.expressYes) missing.push('enrol.missing.expressYes');
  return missing;
}

/** The enrolment request once nothing is missing; each time said is when the agent ticked it. */
export function enrolBody(
  o: { customerId: string; accountId: string; accountLast4: string; market: 'US' | 'CN' },
  offer: Offer,
  ack: Acknowledged,
) {
  const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const recordingRef = ack.recordingRef.trim() || null;
  return {
    customerId: o.customerId,
    accountId: o.accountId,
    termsVersion: offer.termsVersion,
    consent: {
      offerId: offer.offerId,
      termsVersionShown: offer.termsVersion,
      priceDisclosed: ack.price,
      optionalDisclosed: ack.optional,
      exclusionsRead: ack.exclusions || offer.exclusions.length === 0,
      expressYesAt: at(ack.expressYes),
      channel: 'PHONE' as const,
      scriptVersion: offer.scriptVersion,
      recordingRef,
      ...(o.market === 'CN' ? { sensitivePiConsentAt: at(ack.sensitivePi) } : {}),
      conversion:
        offer.pricing.freeTrial && ack.conversion !== null
          ? { expressAgreementAt: at(ack.conversion), accountLast4: o.accountLast4, recordingRef }
          : null,
    },
    transferAmount: offer.addOn === 'BALANCE_TRANSFER' ? ack.transferAmount : null,
  };
}
