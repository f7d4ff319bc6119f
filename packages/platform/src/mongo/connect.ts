import mongoose, { type mongo } from 'mongoose';

/**
 * One mongoose connection per service (mongoose owns pooling and
 * reconnects); repositories use its native driver handle for precise,
 * version-guarded updates.
 */
export async function connectMongo(
  url: string,
  dbName: string,
): Promise<{ db: mongo.Db; client: mongo.MongoClient; close: () => Promise<void> }> {
  const conn = mongoose.createConnection(url, { dbName, serverSelectionTimeoutMS: 5000, autoIndex: false });
  await conn.asPromise();
  const db = conn.db;
  if (!db) throw new Error('mongo connection has no database handle');
  return { db, client: conn.getClient(), close: () => conn.close() };
}

export async function pingMongo(db: mongo.Db): Promise<void> {
  await db.command({ ping: 1 });
}
