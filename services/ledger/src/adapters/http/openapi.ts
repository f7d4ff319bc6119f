import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PROBLEM_SCHEMA } from '@cardline/platform';
import { ClockBody, ListTransactionsQuery, OpenAccountBody, PostTransactionBody } from './schemas';

const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const json = (description: string) => ({ description, content: { 'application/json': { schema: {} } } });
const accountId = z.object({ accountId: z.string() });

/** The ledger's OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function ledgerOpenApi(): object {
  const reg = new OpenAPIRegistry();
  reg.registerComponent('schemas', 'Problem', PROBLEM_SCHEMA);
  const idem = z.object({ 'idempotency-key': z.string().max(200).optional() });
  reg.registerPath({
    method: 'post',
    path: '/v1/accounts',
    summary: 'Open an account',
    request: { body: { content: { 'application/json': { schema: OpenAccountBody } } } },
    responses: { 201: json('The new account'), 422: problem },
  });
  reg.registerPath({
    method: 'get',
    path: '/v1/accounts/{accountId}',
    summary: 'Account balances, limits, statement and delinquency',
    request: { params: accountId },
    responses: { 200: json('Account'), 404: problem },
  });
  reg.registerPath({
    method: 'post',
    path: '/v1/accounts/{accountId}/transactions',
    summary: 'Post a purchase (authorised against available credit), refund, payment, fee or adjustment',
    request: {
      params: accountId,
      headers: idem,
      body: { content: { 'application/json': { schema: PostTransactionBody } } },
    },
    responses: { 201: json('POSTED or DECLINED with reason'), 404: problem, 409: problem, 422: problem },
  });
  reg.registerPath({
    method: 'get',
    path: '/v1/accounts/{accountId}/transactions',
    summary: 'Transactions, newest first (cursor: next)',
    request: { params: accountId, query: ListTransactionsQuery },
    responses: { 200: json('Page of transactions'), 404: problem, 422: problem },
  });
  reg.registerPath({
    method: 'get',
    path: '/v1/accounts/{accountId}/cards',
    summary: "The account's cards and their status as the ledger knows them (from cards' events)",
    request: { params: accountId },
    responses: { 200: json('Cards with status'), 404: problem },
  });
  reg.registerPath({
    method: 'get',
    path: '/v1/accounts/{accountId}/statements',
    summary: 'Statements, newest first',
    request: { params: accountId },
    responses: { 200: json('Statements'), 404: problem },
  });
  reg.registerPath({
    method: 'get',
    path: '/v1/accounts/{accountId}/statements/{statementId}',
    summary: 'One statement',
    request: { params: z.object({ accountId: z.string(), statementId: z.string() }) },
    responses: { 200: json('Statement'), 404: problem },
  });
  reg.registerPath({
    method: 'get',
    path: '/v1/admin/clock',
    summary: 'The ledger clock',
    responses: { 200: json('now, simulated') },
  });
  reg.registerPath({
    method: 'post',
    path: '/v1/admin/clock',
    summary: 'Move the simulated clock (CLOCK=simulated only) and run end-of-day',
    request: { body: { content: { 'application/json': { schema: ClockBody } } } },
    responses: { 200: json('New time and accounts processed'), 409: problem, 422: problem },
  });
  reg.registerPath({
    method: 'post',
    path: '/v1/admin/end-of-day',
    summary: 'Run end-of-day for accounts now due',
    responses: { 200: json('Accounts processed') },
  });
  return new OpenApiGeneratorV31(reg.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Cardline ledger',
      version: '0.1.0',
      description: "The issuer's system of record: accounts, transactions, statements, fees, days past due.",
    },
  });
}
