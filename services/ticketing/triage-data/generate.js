#!/usr/bin/env node
// Writes en.jsonl and zh.jsonl from the templates beside this file: each template
// gives VARIANTS messages with its slots filled and channel-style openings and
// endings, from a seeded generator, so the files are the same on every run.
// The split is by template (a stable hash ranks each intent's templates; every
// fourth goes to test), so no test phrasing is ever seen in training.
// The merchants come from the domain's own list, and every amount and date a
// slot writes must read back through the domain's extractEntities (the built
// dist/domain/triage/entities.js: run `npx tsc -b` first), so the set never
// teaches a format triage cannot read.
// Usage: node services/ticketing/triage-data/generate.js [--check]
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { MERCHANTS, extractEntities } = require(
  path.join(__dirname, '..', 'dist', 'domain', 'triage', 'entities.js'),
);

const VARIANTS = 3;
const TEST_EVERY = 4;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (s) => createHash('sha256').update(s).digest('hex');

const SLOTS = {
  en: {
    amt: (r, pick) => {
      const n = 5 + Math.floor(r() * 2400);
      const cents = String(Math.floor(r() * 100)).padStart(2, '0');
      return pick([
        `$${n}.${cents}`,
        `USD ${n}`,
        `$${n}`,
        `${n} dollars`,
        `$${n.toLocaleString('en-US')}.00`,
        `US$${n}`,
      ]);
    },
    date: (r, pick) =>
      pick([
        `March ${1 + Math.floor(r() * 28)}`,
        `${1 + Math.floor(r() * 28)} Nov`,
        `${1 + Math.floor(r() * 12)}/${1 + Math.floor(r() * 28)}`,
        `2026-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
        'yesterday',
        'last Friday',
        'Oct 2nd',
        'the 15th',
      ]),
    merchant: MERCHANTS.en,
    open: ['', '', 'Hi, ', 'hello ', 'Good morning. ', 'hey ', 'Hi team, ', 'Hello Cardline, '],
    close: ['', '', ' thanks', ' thx', '. Thank you', ' pls', '!', ' - sent from my phone', '. Regards, Sam'],
  },
  zh: {
    amt: (r, pick) => {
      const n = 5 + Math.floor(r() * 9000);
      return pick([`${n}元`, `¥${n}`, `RMB${n}`, `人民币${n}元`, `${n}块`, `￥${n}.00`, `$${n}`, `USD ${n}`]);
    },
    date: (r, pick) => {
      const m = 1 + Math.floor(r() * 12);
      const d = 1 + Math.floor(r() * 28);
      return pick([
        `${m}月${d}日`,
        `2026年${m}月${d}日`,
        '昨天',
        '上周五',
        `${d}号`,
        `2026-${m}-${d}`,
        '前天',
      ]);
    },
    merchant: MERCHANTS.zh,
    open: ['', '', '你好，', '您好，', '喂 ', '在吗 ', 'hi ', '客服你好 '],
    close: ['', '', '谢谢', '，谢谢！', '。', '～', ' 急', ' thx', '[微笑]'],
  },
};

/** A slot's text, refused unless the domain reads it as one amount or date. */
function readBack(text, kind) {
  if (extractEntities(text)[kind].length !== 1) throw new Error(`triage cannot read ${kind} "${text}"`);
  return text;
}

function fill(lang, template, r) {
  const s = SLOTS[lang];
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const body = template
    .replace(/\{l4\}/g, () => String(Math.floor(r() * 10000)).padStart(4, '0'))
    .replace(/\{amt\}/g, () => readBack(s.amt(r, pick), 'amounts'))
    .replace(/\{date\}/g, () => readBack(s.date(r, pick), 'dates'))
    .replace(/\{merchant\}/g, () => pick(s.merchant))
    .replace(/\{ref\}/g, () => `cas_${hash(String(r())).slice(0, 24)}`);
  // A bare score is answered as it is: a greeting around "5" is not a survey reply any more.
  if (/^\d$/.test(template)) return body;
  // A message that greets or signs off itself keeps its own.
  const open = /^(hi|hello|dear|你好|您好)/i.test(template) ? '' : pick(s.open);
  const close = /(regards|查收)$/i.test(template) ? '' : pick(s.close);
  return `${open}${body}${close}`;
}

function messages(lang) {
  const templates = require(`./templates-${lang}.js`);
  const out = [];
  const seen = new Set();
  for (const [intent, list] of Object.entries(templates)) {
    const ranked = list
      .map((t, i) => ({ t, i, h: hash(`${lang}:${intent}:${t}`) }))
      .sort((a, b) => a.h.localeCompare(b.h));
    ranked.forEach(({ t, i }, rank) => {
      const split = rank % TEST_EVERY === TEST_EVERY - 1 ? 'test' : 'train';
      const r = rng(parseInt(hash(`${lang}:${intent}:${i}`).slice(0, 8), 16));
      for (let v = 0, tries = 0; v < VARIANTS && tries < 50; tries++) {
        const text = fill(lang, t, r);
        if (seen.has(text)) continue;
        seen.add(text);
        out.push({ id: `${lang}-${intent}-${i}-${v}`, lang, intent, template: i, split, text });
        v++;
      }
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id, 'en'));
}

const check = process.argv.includes('--check');
let stale = false;
for (const lang of ['en', 'zh']) {
  const file = path.join(__dirname, `${lang}.jsonl`);
  const text = messages(lang)
    .map((m) => JSON.stringify(m))
    .join('\n')
    .concat('\n');
  if (check) stale = stale || !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
  else fs.writeFileSync(file, text);
}
if (stale) {
  console.error('triage-data is stale: run node services/ticketing/triage-data/generate.js');
  process.exit(1);
}
