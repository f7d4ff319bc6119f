import type { Scenario } from './scenario';

/**
 * An add-on sale: payment protection offered to an eligible customer, every
 * disclosure read and acknowledged before Enroll (docs/adr/0017-sales-domain-rules.md),
 * and sales accepting the enrolment with its consent record.
 */
export const addOnSale: Scenario = {
  id: 'addon-sale',
  title: { en: 'Add-on sale: payment protection', zh: '附加产品销售：还款保障' },
  briefing: {
    en: 'Sign in as a sales agent. The customer agreed to hear about products. Offer payment protection: read every statement and disclosure, get the express yes, name the call recording, then enroll.',
    zh: '以销售坐席身份登录。客户同意了解产品。推介还款保障：宣读每条说明与披露，取得客户明确同意，填写通话录音编号，然后办理。',
  },
  role: 'sales_agent',
  timeZone: 'America/New_York',
  daytimeZones: [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Los_Angeles',
    'America/Anchorage',
    'Pacific/Honolulu',
    'Pacific/Guam',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Europe/London',
  ],
  seed: [
    { do: 'openAccount' },
    { do: 'salesFacts', doNotCall: false, inHardship: false },
    { do: 'waitOffer', addOn: 'PAYMENT_PROTECTION' },
  ],
  script: [
    {
      say: {
        en: 'Hi, you said you had something that could protect my payments?',
        zh: '你好，你说有能保障我还款的产品？',
      },
    },
    {
      after: 'enrolled',
      say: {
        en: 'Good, I understand what I signed up for. Thanks.',
        zh: '好的，我清楚自己办理了什么。谢谢。',
      },
    },
  ],
  steps: [
    {
      id: 'enrolled',
      rule: 'SALES.CONSENT_ELEMENTS',
      label: {
        en: 'The customer enrolled with every disclosure acknowledged',
        zh: '客户在确认所有披露后办理',
      },
      evidence: { kind: 'call', service: 'sales', method: 'POST', route: '/v1/enrolments' },
    },
    {
      id: 'no-refused-enrolment',
      rule: 'SALES.CONSENT_ELEMENTS',
      label: { en: 'No enrolment refused for a missing disclosure', zh: '无因缺少披露被拒的办理' },
      evidence: {
        kind: 'call',
        service: 'sales',
        method: 'POST',
        route: '/v1/enrolments',
        outcome: 'refused',
      },
      forbidden: true,
    },
    {
      id: 'consent-on-record',
      rule: 'SALES.CONSENT_RECORD',
      label: { en: 'A consent record kept for the enrolment', zh: '该笔办理留有同意记录' },
      evidence: { kind: 'fact', fact: 'enrolled' },
    },
  ],
};
