// Cardline build patch for FerretDB 1.x (see docs/adr/0001 and 0002).
//
// FerretDB's handlers implement update, findAndModify and delete as
// "query, change in Go, write back" without holding a lock, so two
// concurrent conditional updates (e.g. {_id, version: 7}) can both match.
// MongoDB makes each single-document write atomic, and optimistic
// concurrency and leases depend on it. One process-wide lock around the
// write commands restores that; SQLite serialises writers anyway.

package handler

import "sync"

var cardlineWriteLock sync.Mutex
