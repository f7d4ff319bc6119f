import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { findPans } from '@cardline/platform';

extendZodWithOpenApi(z);

/** Free text from a call: a card number dictated into it is refused, never stored. */
const note = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((t) => findPans(t).length === 0, 'do not enter card numbers; the card is identified by its id');

export const CardIdParams = z.object({ cardId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/) });
export const AccountIdParams = z.object({ accountId: z.string().min(1).max(64) });

export const CardSearchQuery = z
  .object({
    last4: z
      .string()
      .regex(/^\d{4}$/, 'the last four digits of the card')
      .describe('The card’s last four digits'),
  })
  .strict();

export const DeliveryAddressSchema = z
  .object({
    line1: note(120),
    line2: note(120).optional(),
    city: note(80),
    postalCode: z.string().regex(/^[A-Za-z0-9 -]{3,12}$/),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
  })
  .strict()
  .openapi('DeliveryAddress');

export const FulfilmentBody = z
  .object({
    speed: z.enum(['STANDARD', 'EXPRESS']).default('STANDARD'),
    deliveryAddress: DeliveryAddressSchema.optional().describe(
      'Where to mail the card; omit for the address the issuer has on file',
    ),
  })
  .strict()
  .openapi('Fulfilment');

export const FreezeBody = z
  .object({ reason: note(200) })
  .strict()
  .openapi('Freeze');
export const UnfreezeBody = z
  .object({ reason: note(200).optional() })
  .strict()
  .openapi('Unfreeze');
export const CloseBody = z
  .object({ reason: note(200) })
  .strict()
  .openapi('Close');

export const ReportBody = z
  .object({
    lastUsedAt: z
      .string()
      .datetime({ offset: true })
      .describe(
        'When the customer last used the card themselves (ISO 8601); the fraud trace starts after it',
      ),
    lastUsedWhere: note(200).optional().describe('Where, in the customer’s words'),
  })
  .strict()
  .openapi('LostOrStolenReport');

export const FraudReportBody = z
  .object({
    transactionIds: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(200)
      .describe('Transactions from the fraud trace the customer does not recognise'),
  })
  .strict()
  .openapi('FraudReport');
