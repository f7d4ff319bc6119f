export function saslFromEnv(env?: NodeJS.ProcessEnv): {
  sasl?: { mechanism: 'scram-sha-512'; username: string; password: string };
};
export function javaClientProperties(env?: NodeJS.ProcessEnv): string;
export function rdkafkaOptions(env?: NodeJS.ProcessEnv): string[];
