import type { Scenario } from './scenario';

/** A customer whose card was stolen and used: the card blocked, the trace reviewed, the charge claimed, a new card. */
export const stolenCard: Scenario = {
  id: 'stolen-card',
  title: { en: 'Stolen card with fraud', zh: '卡片被盗并有盗刷' },
  briefing: {
    en: 'Sign in as an agent. The customer calls: their wallet was stolen last night. Log the call, protect the account, find what they did not buy, and get them a new card.',
    zh: '以客服身份登录。客户来电：钱包昨晚被盗。请记录来电、保护账户、找出非本人交易，并为客户补发新卡。',
  },
  role: 'agent',
  timeZone: 'America/New_York',
  seed: [
    { do: 'openAccount' },
    { do: 'purchase', amount: 1800, merchant: 'Whole Foods Market', mcc: '5411', city: 'New York' },
    { do: 'advanceHours', hours: 24 },
    { do: 'purchase', amount: 32000, merchant: 'Best Buy', mcc: '5732', city: 'Newark' },
  ],
  script: [
    {
      say: {
        en: 'Hello, my wallet was stolen on the subway last night. My card was in it!',
        zh: '你好，我的钱包昨晚在地铁上被偷了，卡也在里面！',
      },
    },
    {
      after: 'case-logged',
      say: {
        en: 'I last used it yesterday morning at Whole Foods.',
        zh: '我最后一次用卡是昨天上午在 Whole Foods。',
      },
    },
    {
      after: 'reported-stolen',
      say: { en: 'Thank you. Can you see anything I did not buy?', zh: '谢谢。能看到有不是我买的东西吗？' },
    },
    {
      after: 'trace-reviewed',
      say: {
        en: 'That 320.00 at Best Buy is not me. I have never been to Newark.',
        zh: 'Best Buy 的那笔 320.00 不是我刷的，我从没去过纽瓦克。',
      },
    },
    {
      after: 'charges-marked',
      say: { en: 'Will I get my money back? And a new card?', zh: '钱能退回来吗？还能补一张新卡吗？' },
    },
    {
      after: 'replacement-ordered',
      say: { en: 'Great, thank you for your help.', zh: '太好了，谢谢你的帮助。' },
    },
  ],
  steps: [
    {
      id: 'case-logged',
      rule: 'TICKETING.CALL_LOGGED',
      label: { en: 'The call logged as a case', zh: '来电已记录为工单' },
      evidence: { kind: 'call', service: 'ticketing', method: 'POST', route: '/v1/cases' },
    },
    {
      id: 'reported-stolen',
      rule: 'CARDS.BLOCK_ON_REPORT',
      label: { en: 'The card reported stolen', zh: '已挂失被盗卡' },
      evidence: { kind: 'call', service: 'cards', method: 'POST', route: '/v1/cards/:cardId/report-stolen' },
    },
    {
      id: 'trace-reviewed',
      rule: 'CARDS.FRAUD_TRACE',
      label: { en: 'The fraud trace reviewed after the report', zh: '挂失后已查看盗刷追踪' },
      evidence: { kind: 'call', service: 'cards', method: 'GET', route: '/v1/cards/:cardId/fraud-trace' },
      after: ['reported-stolen'],
    },
    {
      id: 'charges-marked',
      rule: 'REG_Z.UNAUTHORISED_USE',
      label: { en: 'The unrecognised charge marked', zh: '已标记非本人交易' },
      evidence: { kind: 'call', service: 'cards', method: 'POST', route: '/v1/cards/:cardId/fraud-report' },
      after: ['trace-reviewed'],
    },
    {
      id: 'fraud-disputes',
      rule: 'REG_Z.UNAUTHORISED_USE',
      label: { en: 'A fraud dispute opened for the charge', zh: '已为该交易发起盗刷争议' },
      evidence: { kind: 'fact', fact: 'fraudDisputesOpened' },
    },
    {
      id: 'replacement-ordered',
      rule: 'CARDS.REPORT_BEFORE_REPLACEMENT',
      label: { en: 'A new card ordered after the report', zh: '挂失后已补发新卡' },
      evidence: { kind: 'call', service: 'cards', method: 'POST', route: '/v1/cards/:cardId/replacement' },
      after: ['reported-stolen'],
    },
  ],
};
