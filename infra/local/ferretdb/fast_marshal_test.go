// Cardline addition: holds fastMarshal to upstream's encoder byte for byte.
// Whenever the one-pass encoder accepts a document, upstream's must encode it
// to the same bytes; install.sh runs this with upstream's own sjson tests
// before it builds the server.

package sjson

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// upstreamBytes runs upstream's encoder; a panic (a duplicated key) is an error.
func upstreamBytes(doc *types.Document) (b []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()

	return marshalUpstream(doc)
}

// sameBytes fails the test when fastMarshal accepts doc and upstream refuses it
// or writes other bytes.
func sameBytes(t *testing.T, doc *types.Document) bool {
	t.Helper()

	fast, ok := fastMarshal(doc)
	if !ok {
		return false
	}

	want, err := upstreamBytes(doc)
	if err != nil {
		t.Fatalf("fastMarshal accepted what upstream refuses (%v): %#v", err, doc)
	}

	if !bytes.Equal(fast, want) {
		t.Fatalf("fastMarshal and upstream differ\nfast:     %q\nupstream: %q", fast, want)
	}

	return true
}

func TestFastMarshalAgreesWithUpstream(t *testing.T) {
	r := rand.New(rand.NewSource(fastTestSeed + 1))

	var all, fastOnAll, common int

	for i := 0; i < 20000; i++ {
		isCommon := i%2 == 0
		doc := randomDocument(r, 4, isCommon)

		took := sameBytes(t, doc)
		if isCommon {
			common++
			// the types Cardline stores must all take the fast path
			if !took {
				t.Fatalf("the fast path refused a document of common types: %#v", doc)
			}
		} else {
			all++
			if took {
				fastOnAll++
			}
		}
	}

	t.Logf("fast path: all %d documents of common types, %d of %d of any type", common, fastOnAll, all)
}

// Named edges: where the fast path must refuse, and where it must write
// exactly upstream's bytes.
func TestFastMarshalEdges(t *testing.T) {
	doc := func(pairs ...any) *types.Document { return must.NotFail(types.NewDocument(pairs...)) }
	arr := func(vs ...any) *types.Array {
		a := types.MakeArray(len(vs))
		for _, v := range vs {
			a.Append(v)
		}
		return a
	}

	for name, d := range map[string]*types.Document{
		"NaN":                   doc("a", math.NaN()),
		"+Inf":                  doc("a", math.Inf(1)),
		"-Inf in an array":      doc("a", arr(1.5, math.Inf(-1))),
		"duplicated key":        doc("a", int32(1), "a", int32(2)),
		"nested duplicated key": doc("a", doc("b", "x", "b", "y")),
		"binData":               doc("a", types.Binary{Subtype: types.BinaryGeneric, B: []byte{1}}),
		"regex":                 doc("a", types.Regex{Pattern: "^x", Options: "i"}),
		"timestamp in an array": doc("a", arr(types.Timestamp(1))),
		"nil document":          doc("a", (*types.Document)(nil)),
		"nil array":             doc("a", (*types.Array)(nil)),
		"nil document in array": doc("a", arr((*types.Document)(nil))),
	} {
		if sameBytes(t, d) {
			t.Errorf("%s: the fast path should leave it to upstream", name)
		}
	}

	for name, d := range map[string]*types.Document{
		"empty":                      new(types.Document),
		"empty nested":               doc("a", new(types.Document), "b", types.MakeArray(0)),
		"negative zero":              doc("a", math.Copysign(0, -1)),
		"1e21 and just below":        doc("a", 1e21, "b", 999999999999999900000.0),
		"1e-6 and just below":        doc("a", 1e-6, "b", 9.99999e-7),
		"extremes":                   doc("a", math.MaxFloat64, "b", math.SmallestNonzeroFloat64, "c", -1e-300),
		"integers":                   doc("a", int32(math.MinInt32), "b", int64(math.MinInt64), "c", int64(math.MaxInt64)),
		"dates around the epoch":     doc("a", time.Unix(0, -1500000), "b", time.Unix(0, 1500000), "c", time.UnixMilli(-1)),
		"strings encoding/json owns": doc("a", "<&>", "b", "\u2028\u2029", "c", "\xff", "d", "\x00\x1f\x7f", "e", `"\`),
		"nested keys encoded":        doc("n", doc("<k>", int32(1), "é", int32(2), "q\"", int32(3))),
		"top-level key written raw":  doc("naïve <k>", "v"),
		"arrays of documents":        doc("a", arr(doc("x", int32(1)), arr(), types.Null, "s")),
	} {
		if !sameBytes(t, d) {
			t.Errorf("%s: the fast path refused it", name)
		}
	}
}

// aggregate is a stored aggregate of the relay bench's shape: ten outbox events.
func aggregate() *types.Document {
	outbox := types.MakeArray(10)
	for i := 0; i < 10; i++ {
		outbox.Append(must.NotFail(types.NewDocument(
			"eventId", fmt.Sprintf("0b3c7e4e-6a53-4f0e-9a51-%012d", i), "type", "ledger.transaction.posted.v1",
			"occurredAt", time.UnixMilli(1764633600123+int64(i)), "aggregateVersion", int32(i+1),
			"payload", must.NotFail(types.NewDocument(
				"accountId", "acct-000123", "amountMinor", int64(-12345), "currency", "EUR",
				"merchant", must.NotFail(types.NewDocument("name", "Corner Shop", "mcc", "5411", "country", "DE")),
				"tags", outboxTags(),
			)),
			"headers", must.NotFail(types.NewDocument("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "causationId", types.Null)),
			"claimedAt", types.Null, "attempts", int32(0),
		)))
	}

	return must.NotFail(types.NewDocument(
		"_id", "acct-000123", "version", int32(10), "updatedAt", time.UnixMilli(1764633600999),
		"state", must.NotFail(types.NewDocument("balanceMinor", int64(987654), "limitMinor", int64(500000), "status", "open", "rate", 0.1999)),
		"outbox", outbox,
	))
}

func outboxTags() *types.Array {
	a := types.MakeArray(3)
	a.Append("card-present", "domestic", "contactless")
	return a
}

func TestFastMarshalTakesTheAggregate(t *testing.T) {
	if !sameBytes(t, aggregate()) {
		t.Fatal("the fast path refused the relay bench's aggregate")
	}
}

func BenchmarkMarshalAggregate(b *testing.B) {
	doc := aggregate()
	b.Logf("%d bytes", len(must.NotFail(marshalUpstream(doc))))
	benchPair(b,
		func() { must.NotFail(marshalUpstream(doc)) },
		func() { must.NotFail(Marshal(doc)) },
	)
}

func BenchmarkUnmarshalAggregate(b *testing.B) {
	data := must.NotFail(marshalUpstream(aggregate()))
	benchPair(b,
		func() { must.NotFail(unmarshalUpstream(data)) },
		func() { must.NotFail(Unmarshal(data)) },
	)
}

// benchPair times upstream's code and ours on the same input, side by side.
func benchPair(b *testing.B, upstream, fast func()) {
	for _, c := range []struct {
		name string
		run  func()
	}{{"upstream", upstream}, {"fast", fast}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				c.run()
			}
		})
	}
}
