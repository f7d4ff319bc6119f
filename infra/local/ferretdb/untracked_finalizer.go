package resource

import "fmt"

// finalizeUntracked is the finalizer Track sets outside debug builds: like
// upstream's, it stops the server on an object that was never untracked (a
// leaked iterator would otherwise hold its SQLite rows for good), without
// upstream's record of every live object in a pprof profile, which captures
// a stack on each call (docs/adr/0041 gives the cost).
func finalizeUntracked(obj any) {
	panic(fmt.Sprintf("%T has not been finalized", obj))
}
