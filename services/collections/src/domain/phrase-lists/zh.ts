/**
 * Chinese phrases no collection message or note may hold (CBRC card rules
 * art. 68: no threats; docs/domain.md#collections). Data only: the check
 * ignores width, spacing and punctuation between characters.
 */
import type { PhraseList } from './category';

export const ZH_PHRASES: PhraseList = {
  THREAT: [
    '逮捕',
    '坐牢',
    '拘留',
    '抓你',
    '判刑',
    '通知你的家人',
    '告诉你的家人',
    '通知你的单位',
    '告诉你的同事',
    '爆通讯录',
    '曝光你',
    '让你好看',
    '后果自负',
    '弄死你',
  ],
  INSULT: ['骗子', '废物', '垃圾', '老赖', '不要脸', '混蛋', '王八蛋', '去死', '傻逼', '蠢货'],
  DECEPTION: [
    '假法院',
    '法院传票',
    '我们是法院',
    '我们是警察',
    '公安机关',
    '刑事案件',
    '追究刑事责任',
    '永久上征信',
  ],
};
