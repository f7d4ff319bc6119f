import type { Scenario } from './scenario';

/**
 * A hardship collections call at 20:55 the customer's time: the gate asked
 * before dialling, the call over by 21:00 (US.CONTACT_HOURS, docs/adr/0016-contact-gate.md),
 * and no promise to pay pressed on a customer who says they cannot pay.
 */
export const hardshipCall: Scenario = {
  id: 'hardship-call',
  title: { en: 'Hardship collections call at 20:55', zh: '20:55 的困难客户催收来电' },
  briefing: {
    en: 'Sign in as a collector. It is 20:55 where the customer lives, and their account is past due. Ask the contact gate before you dial, finish and log the call before 21:00, and listen: a customer in hardship is not pushed for a promise to pay.',
    zh: '以催收员身份登录。客户当地时间 20:55，账户已逾期。拨号前先询问联络闸门，21:00 前结束并记录通话；请认真倾听：不要向困难客户强求还款承诺。',
  },
  role: 'collector',
  timeZone: 'America/New_York',
  seed: [
    { do: 'openAccount' },
    { do: 'purchase', amount: 100000, merchant: 'Home Depot', mcc: '5200', city: 'Queens' },
    { do: 'advanceUntil', until: 'collectionsCase', stepDays: 3, maxDays: 75 },
    { do: 'contactFacts', mobile: false },
    { do: 'moveToLocal', time: '20:55' },
  ],
  script: [
    {
      say: {
        en: '(The account is past due. The customer has not been reached yet today.)',
        zh: '（账户已逾期，今天尚未联系到客户。）',
      },
    },
    {
      after: 'gate-asked',
      say: {
        en: 'Hello? It is late… Yes, this is me. I lost my job last month and I cannot pay anything right now.',
        zh: '喂？这么晚了……是我。我上个月失业了，现在一分钱也还不上。',
      },
    },
    {
      after: 'outcome-logged',
      say: {
        en: 'Thank you for understanding. Please call me in the daytime.',
        zh: '谢谢理解。请在白天给我打电话。',
      },
    },
  ],
  steps: [
    {
      id: 'gate-asked',
      rule: 'US.CONTACT_HOURS',
      label: {
        en: 'The contact gate asked before dialling, before 21:00',
        zh: '21:00 前拨号前已询问联络闸门',
      },
      evidence: {
        kind: 'call',
        service: 'collections',
        method: 'POST',
        route: '/v1/cases/:caseId/contacts',
        outcome: 'any',
        untilLocal: '21:00',
      },
    },
    {
      id: 'no-call-after-21',
      rule: 'US.CONTACT_HOURS',
      label: { en: 'No call started at or after 21:00', zh: '21:00 及之后未开始通话' },
      evidence: {
        kind: 'call',
        service: 'collections',
        method: 'POST',
        route: '/v1/cases/:caseId/contacts',
        fromLocal: '21:00',
      },
      forbidden: true,
    },
    {
      id: 'outcome-logged',
      rule: 'COLLECTIONS.CALL_OUTCOME',
      label: { en: 'The call’s outcome logged after the gate answered', zh: '闸门答复后已记录通话结果' },
      evidence: {
        kind: 'call',
        service: 'collections',
        method: 'POST',
        route: '/v1/cases/:caseId/contacts/:attemptId/outcome',
      },
      after: ['gate-asked'],
    },
    {
      id: 'call-over-by-21',
      rule: 'US.CONTACT_HOURS',
      label: {
        en: 'The call over by 21:00 (outcome not logged later)',
        zh: '21:00 前结束通话（结果未在之后记录）',
      },
      evidence: {
        kind: 'call',
        service: 'collections',
        method: 'POST',
        route: '/v1/cases/:caseId/contacts/:attemptId/outcome',
        fromLocal: '21:00',
      },
      forbidden: true,
    },
    {
      id: 'no-promise-pressed',
      rule: 'COLLECTIONS.HARDSHIP_NO_PRESSURE',
      label: { en: 'No promise to pay pressed on a customer in hardship', zh: '未向困难客户强求还款承诺' },
      evidence: { kind: 'call', service: 'collections', method: 'POST', route: '/v1/cases/:caseId/promises' },
      forbidden: true,
    },
  ],
};
