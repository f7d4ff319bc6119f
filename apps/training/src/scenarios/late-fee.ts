import type { Scenario } from './scenario';

/** An angry customer disputing a late fee: logged, the fee disputed (goodwill decides), the customer answered. */
export const lateFee: Scenario = {
  id: 'late-fee',
  title: { en: 'Angry customer disputing a late fee', zh: '愤怒的客户对滞纳金提出异议' },
  briefing: {
    en: 'Sign in as an agent. The customer is upset about a late fee on the last statement. Log the call, open a dispute on the fee (the goodwill rule decides it), answer the customer, and resolve the case.',
    zh: '以客服身份登录。客户对上期账单的滞纳金很不满。请记录来电、对该笔费用发起争议（由善意减免规则决定）、答复客户并结案。',
  },
  role: 'agent',
  timeZone: 'America/Chicago',
  seed: [
    { do: 'openAccount' },
    { do: 'purchase', amount: 64000, merchant: 'Delta Air Lines', mcc: '3058', city: 'Chicago' },
    // Past the first statement's due date: the ledger's end of day charges the late fee.
    { do: 'advanceUntil', until: 'lateFee', stepDays: 3, maxDays: 75 },
  ],
  script: [
    {
      say: {
        en: 'I have paid you on time for years and you charge me a late fee? This is outrageous!',
        zh: '我按时还款这么多年，你们居然收我滞纳金？太过分了！',
      },
    },
    {
      after: 'case-logged',
      say: {
        en: 'It is the fee on my last statement. I want it gone.',
        zh: '就是上期账单上的那笔费用，我要求取消。',
      },
    },
    {
      after: 'dispute-opened',
      say: { en: 'So what happens now? Do I get it back?', zh: '那现在怎么办？能退给我吗？' },
    },
    { after: 'replied', say: { en: 'Fine. Thank you for sorting it out.', zh: '好吧，谢谢你帮我处理。' } },
  ],
  steps: [
    {
      id: 'case-logged',
      rule: 'TICKETING.CALL_LOGGED',
      label: { en: 'The complaint logged as a case', zh: '投诉已记录为工单' },
      evidence: { kind: 'call', service: 'ticketing', method: 'POST', route: '/v1/cases' },
    },
    {
      id: 'dispute-opened',
      rule: 'REG_Z.BILLING_ERROR_NOTICE',
      label: { en: 'A dispute opened while the customer is on the line', zh: '通话中已发起争议' },
      evidence: { kind: 'call', service: 'disputes', method: 'POST', route: '/v1/disputes' },
      after: ['case-logged'],
    },
    {
      id: 'fee-disputed',
      rule: 'DISPUTES.GOODWILL_FIRST_LATE_FEE',
      label: {
        en: 'The dispute is on the late fee (reason LATE_FEE)',
        zh: '争议针对滞纳金（原因 LATE_FEE）',
      },
      evidence: { kind: 'fact', fact: 'lateFeeDisputed' },
    },
    {
      id: 'replied',
      rule: 'TICKETING.ANSWER_ON_THE_CASE',
      label: {
        en: 'The customer answered on the case after the dispute',
        zh: '争议发起后已在工单中答复客户',
      },
      evidence: { kind: 'call', service: 'ticketing', method: 'POST', route: '/v1/cases/:caseId/replies' },
      after: ['dispute-opened'],
    },
    {
      id: 'resolved',
      rule: 'TICKETING.CASE_STATUS',
      label: { en: 'The case status set', zh: '已更新工单状态' },
      evidence: { kind: 'call', service: 'ticketing', method: 'POST', route: '/v1/cases/:caseId/status' },
      after: ['replied'],
    },
  ],
};
