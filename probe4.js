const mongoose = require('mongoose');
(async () => {
  const conn = await mongoose.createConnection('mongodb://127.0.0.1:27018', { dbName: process.argv[2] }).asPromise();
  const c = conn.db.collection('aggs');
  console.log('total', await c.countDocuments({}), 'pending', await c.countDocuments({ outboxPending: true }));
  await conn.close();
})();
