import mongoose, { type mongo } from 'mongoose';

/**
 * One mongoose connection per service (mongoose owns pooling and
 * reconnects); repositories use its native driver handle for precise,
 * version-guarded updates.
 */
export async function connectMongo(
  url: string,
  dbName: string,
): Promise<{
  db: mongo.Db;
  client: mongo.MongoClient;
  close: () => Promise<void>;
  reset: () => Promise<void>;
}> {
  const conn = mongoose.createConnection(url, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    // Bounded, so no operation or monitor handshake waits forever on a
    // server that accepted a connection and never answered (the default is
    // no limit). Our longest operations are bulk claims and audit writes of
    // at most a few hundred documents, and index builds at start.
    socketTimeoutMS: 60_000,
    connectTimeoutMS: 10_000,
    // The Mongo-wire server has no streaming hello; poll it.
    serverMonitoringMode: 'poll',
    heartbeatFrequencyMS: 5000,
    autoIndex: false,
  });
  await conn.asPromise();
  const db = conn.db;
  if (!db) throw new Error('mongo connection has no database handle');
  const client = conn.getClient();
  return {
    db,
    client,
    close: () => conn.close(),
    // Closing drops every connection and the topology; connect builds them afresh. Collections keep working.
    reset: async () => {
      await client.close();
      await client.connect();
    },
  };
}

export async function pingMongo(db: mongo.Db, timeoutMS = 5000): Promise<void> {
  await db.command({ ping: 1 }, { timeoutMS });
}
