// A throwaway KRaft cluster of 1..n combined broker+controller processes on
// loopback, formatted from nothing, from the same jars the local servers use
// (infra/local/install.sh puts them in $CARDLINE_CACHE). For tests that need
// a broker of their own: one that has never hosted a consumer group, or three
// brokers to kill a partition leader in. Nothing here touches the shared
// local servers.
const { spawn, execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./processes');

const root = path.resolve(__dirname, '..', '..');

function kafkaHome() {
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source "${path.join(root, 'infra', 'local', 'env.sh')}"; echo "$CARDLINE_CACHE/kafka-$KAFKA_VERSION"`,
    ],
    { encoding: 'utf8' },
  ).trim();
  if (!fs.existsSync(path.join(out, '.ready')))
    throw new Error(`no Kafka jars in ${out}; run: bash infra/local/install.sh all`);
  return out;
}

const LOG4J = `status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = OUT
logger.broker.name = kafka.server.BrokerServer
logger.broker.level = INFO
`;

function portOpen(port) {
  return new Promise((resolve) => {
    const s = require('node:net').connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Formats and starts `nodes` KRaft processes. `ready`: 'port' resolves as
 * soon as every node accepts connections (the broker may still be loading:
 * what a client sees right after a restart), 'started' once each has logged
 * that it serves clients.
 */
async function startKafkaCluster({ nodes = 1, ready = 'started', props = {}, timeoutMs = 90000 } = {}) {
  const home = kafkaHome();
  const cp = `${path.join(home, 'libs')}/*`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-kafka-'));
  fs.writeFileSync(path.join(dir, 'log4j2.properties'), LOG4J);
  const jopts = ['-Xms128m', '-Xmx512m', `-Dlog4j2.configurationFile=${path.join(dir, 'log4j2.properties')}`];
  // A KRaft cluster id is a base64url-encoded 16-byte UUID.
  const clusterId = randomBytes(16).toString('base64url');
  const ports = [];
  for (let i = 0; i < nodes; i++) ports.push({ client: await freePort(), controller: await freePort() });
  const voters = ports.map((p, i) => `${i + 1}@127.0.0.1:${p.controller}`).join(',');
  const rf = Math.min(3, nodes);
  const members = ports.map((p, i) => {
    const id = i + 1;
    const nodeDir = path.join(dir, `node-${id}`);
    fs.mkdirSync(path.join(nodeDir, 'data'), { recursive: true });
    const settings = {
      'process.roles': 'broker,controller',
      'node.id': id,
      'controller.quorum.voters': voters,
      listeners: `PLAINTEXT://127.0.0.1:${p.client},CONTROLLER://127.0.0.1:${p.controller}`,
      'advertised.listeners': `PLAINTEXT://127.0.0.1:${p.client}`,
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'log.dirs': path.join(nodeDir, 'data'),
      'num.partitions': 3,
      'offsets.topic.replication.factor': rf,
      'offsets.topic.num.partitions': 6,
      'transaction.state.log.replication.factor': rf,
      'transaction.state.log.min.isr': Math.min(2, rf),
      'share.coordinator.state.topic.replication.factor': rf,
      'share.coordinator.state.topic.min.isr': Math.min(2, rf),
      'group.initial.rebalance.delay.ms': 0,
      'auto.create.topics.enable': false,
      ...props,
    };
    const file = path.join(nodeDir, 'server.properties');
    fs.writeFileSync(
      file,
      Object.entries(settings)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    return { id, port: p.client, dir: nodeDir, file, log: path.join(nodeDir, 'kafka.log'), child: null };
  });
  for (const m of members)
    execFileSync(
      'java',
      [...jopts, '-cp', cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', m.file],
      {
        stdio: 'ignore',
      },
    );

  const launch = (m) => {
    const out = fs.openSync(m.log, 'a');
    m.child = spawn('java', [...jopts, '-cp', cp, 'kafka.Kafka', m.file], {
      stdio: ['ignore', out, out],
      detached: true,
    });
    fs.closeSync(out);
    m.startedAtLogSize = fs.existsSync(m.log) ? fs.statSync(m.log).size : 0;
  };
  const waitNode = async (m, how) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (m.child.exitCode !== null) throw new Error(`kafka node ${m.id} exited:\n${tail(m.log)}`);
      const up = await portOpen(m.port);
      if (up && (how === 'port' || logSince(m).includes('Transition from STARTING to STARTED'))) return;
      if (Date.now() > end)
        throw new Error(`kafka node ${m.id} not ready after ${timeoutMs} ms:\n${tail(m.log)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const signal = (m, sig) => {
    if (m.child && m.child.exitCode === null && m.child.signalCode === null) process.kill(-m.child.pid, sig);
  };
  const killNode = async (m, sig = 'SIGKILL') => {
    if (!m.child || m.child.exitCode !== null || m.child.signalCode !== null) return;
    const exited = new Promise((r) => m.child.once('exit', r));
    signal(m, sig);
    const hard = setTimeout(() => signal(m, 'SIGKILL'), 20000);
    await exited;
    clearTimeout(hard);
  };

  const cluster = {
    dir,
    brokers: members.map((m) => `127.0.0.1:${m.port}`).join(','),
    nodes: members.map((m) => ({
      id: m.id,
      port: m.port,
      kill: (sig) => killNode(m, sig),
      signal: (sig) => signal(m, sig),
      restart: async (how = ready) => {
        await killNode(m, 'SIGTERM');
        launch(m);
        await waitNode(m, how);
      },
    })),
    async stop() {
      await Promise.all(members.map((m) => killNode(m, 'SIGTERM')));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const m of members) launch(m);
    await Promise.all(members.map((m) => waitNode(m, ready)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

function logSince(m) {
  try {
    const buf = fs.readFileSync(m.log);
    return buf.subarray(m.startedAtLogSize).toString();
  } catch {
    return '';
  }
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

module.exports = { startKafkaCluster };
