import express from 'express';
import request from 'supertest';
import { problemHandler } from '../src';

// A body the server cannot read (an encoding or charset body-parser does not
// support) is the client's to fix: 415 problem+json, not a 500 and an
// "unhandled error" in the log.
const app = () => {
  const a = express();
  a.use(express.json());
  a.post('/v1/things', (_req, res) => void res.status(201).json({ ok: true }));
  a.use(problemHandler());
  return a;
};

it.each([
  ['an unsupported content encoding', { 'content-type': 'application/json', 'content-encoding': 'compress' }],
  ['an unsupported charset', { 'content-type': 'application/json; charset=latin1' }],
])('%s gets 415 problem+json', async (_what, headers) => {
  const res = await request(app()).post('/v1/things').set(headers).send('{"a":1}');
  expect(res.status).toBe(415);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 415, title: 'Unsupported media type', instance: '/v1/things' });
});

it('a readable body still reaches the route', async () => {
  const res = await request(app()).post('/v1/things').send({ a: 1 });
  expect(res.status).toBe(201);
});
