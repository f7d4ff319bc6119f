// The platform's pure part, for domain code: `@cardline/platform/domain`
// loads no I/O library (the package's main entry loads express, kafkajs and
// mongoose). The boundaries lint rule allows domain files only this entry.
export * from './domain-error';
export * from './actor';
