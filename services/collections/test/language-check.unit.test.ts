import { check } from '../src/domain/language-check';
import { EN_PHRASES } from '../src/domain/phrase-lists/en';
import { ZH_PHRASES } from '../src/domain/phrase-lists/zh';

const hit = (category: string, phrase: string) => ({ ok: false, category, phrase });

describe('language check', () => {
  it.each([
    ['THREAT', 'If you do not pay today we will arrest you.', 'we will arrest you'],
    ['THREAT', 'Pay now or go to jail.', 'jail'],
    ['THREAT', 'You must pay or your family will know.', 'you must pay or your family will know'],
    ['INSULT', 'Only an idiot ignores these letters.', 'idiot'],
    ['DECEPTION', 'This is a notice from the fake court department.', 'fake court'],
    ['DECEPTION', 'An arrest warrant has been issued in your name.', 'arrest warrant'],
  ])('flags an English %s: "%s"', (category, text, phrase) => {
    expect(check(text)).toEqual(hit(category, phrase));
  });

  it.each([
    ['THREAT', '再不还款就逮捕你', '逮捕'],
    ['THREAT', '不还钱就让你坐牢', '坐牢'],
    ['THREAT', '我们会通知你的家人', '通知你的家人'],
    ['INSULT', '你这个骗子', '骗子'],
    ['INSULT', '真是个废物', '废物'],
    ['DECEPTION', '这是法院传票，请立即还款', '法院传票'],
  ])('flags a Chinese %s: "%s"', (category, text, phrase) => {
    expect(check(text)).toEqual(hit(category, phrase));
  });

  it.each([
    ['spaced letters', 'you will go to j a i l', 'THREAT', 'jail'],
    ['dotted letters', 'J.A.I.L awaits', 'THREAT', 'jail'],
    ['spelled after a one-letter word', 'you face a j-a-i-l term', 'THREAT', 'jail'],
    ['digits for letters', 'you 1d10t', 'INSULT', 'idiot'],
    ['repeated letters', 'so stuuuupid', 'INSULT', 'stupid'],
    ['full-width letters and case', 'ＦＡＫＥ ＣＯＵＲＴ', 'DECEPTION', 'fake court'],
    ['an ending', 'people like you get jailed', 'THREAT', 'jail'],
    ['extra spacing between words', 'we   will\narrest\tyou', 'THREAT', 'we will arrest you'],
    ['a zero-width space', 'id\u200biot', 'INSULT', 'idiot'],
    ['spaced Chinese', '坐 牢', 'THREAT', '坐牢'],
    ['punctuated Chinese', '骗.子', 'INSULT', '骗子'],
    ['full-width spacing in Chinese', '通知\u3000你的 家人', 'THREAT', '通知你的家人'],
  ])('sees through %s: "%s"', (_how, text, category, phrase) => {
    expect(check(text)).toEqual(hit(category, phrase));
  });

  it.each([
    'Hello, this is Cardline about your card account. Please call us to arrange a payment plan.',
    'Your minimum payment of $35.00 is past due. Reply STOP to opt out.',
    'We can pause payments for 3 months under our hardship programme.',
    'Please send your e-mail by 5 pm; our mail room closes at 6.',
    '您好，您的信用卡账单已逾期，请致电我们商量分期还款方案。',
    '如需停止接收短信，请回复TD。',
  ])('passes clean text: "%s"', (text) => {
    expect(check(text)).toEqual({ ok: true });
  });

  it('catches every listed phrase as written', () => {
    for (const list of [EN_PHRASES, ZH_PHRASES])
      for (const [category, phrases] of Object.entries(list))
        for (const phrase of phrases)
          expect(check(phrase)).toEqual(expect.objectContaining({ ok: false, category }));
  });
});
