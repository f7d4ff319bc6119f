// Cardline addition: holds fastUnmarshal to upstream's decoder. Whenever the
// one-pass decoder accepts bytes, upstream's must accept them too and decode
// the same document; install.sh runs this with upstream's own sjson tests
// before it builds the server.

package sjson

import (
	"math"
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

const fastTestSeed = 20261202

var fastTestWords = []string{
	"", "_id", "version", "outbox", "a", "$s", "$k", "p", "t", "naïve", "日本語", "tab\there",
	`quote"d`, `back\slash`, "<script>&", "\u2028", "nul\x00", "bad\xffutf8", "emoji 😀", "\U0010ffff",
}

func randomString(r *rand.Rand) string {
	if r.Intn(3) == 0 {
		return fastTestWords[r.Intn(len(fastTestWords))]
	}

	b := make([]rune, r.Intn(12))
	for i := range b {
		switch r.Intn(4) {
		case 0:
			b[i] = rune(r.Intn(0x20)) // control characters
		case 1:
			b[i] = rune(0x20 + r.Intn(0x5f))
		case 2:
			b[i] = rune(r.Intn(0x800))
		default:
			b[i] = rune(r.Intn(0x110000))
		}
	}

	return string(b)
}

// randomValue draws any type sjson stores; with common set, only those the
// fast path reads (no binData, regex or timestamp).
// Upstream's Marshal writes top-level keys without escaping them, so a key
// with a quote or a control character cannot be read back by either decoder;
// common documents use keys that can.
var fastTestKeys = []string{"_id", "version", "state", "outbox", "a", "naïve", "日本語", "<script>&", "emoji 😀", "p", "t", "$k"}

func randomKey(r *rand.Rand, common bool) string {
	if common {
		return fastTestKeys[r.Intn(len(fastTestKeys))]
	}

	return randomString(r)
}

func randomValue(r *rand.Rand, depth int, common bool) any {
	n := 13
	if depth <= 0 {
		n = 11 // no more nesting
	}

	k := r.Intn(n)
	if common && k >= 8 && k <= 10 {
		k = r.Intn(8)
	}

	switch k {
	case 0:
		return randomString(r)
	case 1:
		return int32(r.Uint32())
	case 2:
		return int64(r.Uint64())
	case 3:
		switch r.Intn(5) {
		case 0:
			return math.Copysign(0, -1)
		case 1:
			return math.MaxFloat64
		case 2:
			return math.SmallestNonzeroFloat64
		case 3:
			return float64(r.Int63n(1 << 53))
		}
		return r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
	case 4:
		return r.Intn(2) == 0
	case 5:
		return time.UnixMilli(r.Int63n(1<<45) - 1<<44)
	case 6:
		return types.Null
	case 7:
		var id types.ObjectID
		r.Read(id[:])
		return id
	case 8:
		b := make([]byte, r.Intn(8))
		r.Read(b)
		return types.Binary{Subtype: types.BinarySubtype(r.Intn(6)), B: b}
	case 9:
		return types.Regex{Pattern: randomString(r), Options: "i"}
	case 10:
		return types.Timestamp(r.Uint64())
	case 11:
		return randomDocument(r, depth-1, common)
	default:
		a := types.MakeArray(0)
		for i := r.Intn(5); i > 0; i-- {
			a.Append(randomValue(r, depth-1, common))
		}
		return a
	}
}

func randomDocument(r *rand.Rand, depth int, common bool) *types.Document {
	d := new(types.Document)
	for i := r.Intn(7); i > 0; i-- {
		d.Set(randomKey(r, common), randomValue(r, depth, common))
	}

	return d
}

// mutate returns a copy of b with a few random edits.
func mutate(r *rand.Rand, b []byte) []byte {
	m := append([]byte(nil), b...)
	pieces := []string{" ", "\n", "\\", `"`, ",", ":", "{", "}", "[", "]", "0", "-", "1e5", ".5", "null", "true", "\xff"}

	for i := 1 + r.Intn(3); i > 0 && len(m) > 0; i-- {
		at := r.Intn(len(m))
		switch r.Intn(4) {
		case 0:
			m[at] = byte(r.Intn(256))
		case 1:
			m = append(m[:at], m[at+1:]...)
		case 2:
			p := pieces[r.Intn(len(pieces))]
			m = append(m[:at], append([]byte(p), m[at:]...)...)
		default:
			j := r.Intn(len(m))
			m[at], m[j] = m[j], m[at]
		}
	}

	return m
}

// agree fails the test when fastUnmarshal accepts data and upstream does not,
// or decodes it differently.
func agree(t *testing.T, data []byte) bool {
	t.Helper()

	fast, ok := fastUnmarshal(data)
	if !ok {
		return false
	}

	want, err := unmarshalUpstream(data)
	if err != nil {
		t.Fatalf("fastUnmarshal accepted what upstream refuses (%v):\n%q", err, data)
	}

	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("fastUnmarshal and upstream differ on\n%q\nfast:     %#v\nupstream: %#v", data, fast, want)
	}

	return true
}

func TestFastUnmarshalAgreesWithUpstream(t *testing.T) {
	r := rand.New(rand.NewSource(fastTestSeed))

	var marshaled, fastOnMarshaled, mutated, fastOnMutated int

	for i := 0; i < 20000; i++ {
		doc := randomDocument(r, 4, i%2 == 0)

		data, err := Marshal(doc)
		if err != nil {
			continue
		}

		marshaled++
		if agree(t, data) {
			fastOnMarshaled++
		}

		for j := 0; j < 5; j++ {
			mutated++
			if agree(t, mutate(r, data)) {
				fastOnMutated++
			}
		}
	}

	// The fast path must be the common one, or it saves nothing.
	if fastOnMarshaled < marshaled/2 {
		t.Fatalf("the fast path took only %d of %d marshaled documents", fastOnMarshaled, marshaled)
	}

	t.Logf("fast path: %d of %d marshaled documents, %d of %d mutated ones", fastOnMarshaled, marshaled, fastOnMutated, mutated)
}

// The shapes Cardline stores, which must all take the fast path.
func TestFastUnmarshalTakesCommonShapes(t *testing.T) {
	when := time.UnixMilli(1764633600123)
	event := must.NotFail(types.NewDocument(
		"id", "evt-1", "type", "ledger.transaction.posted.v1", "time", when,
		"causationId", types.Null, "aggregateVersion", int32(3), "amount", int64(-12345),
		"rate", 0.125, "ok", true, "note", `quote " and é and <&>`,
	))
	outbox := types.MakeArray(2)
	outbox.Append(event, event.DeepCopy())

	var id types.ObjectID
	copy(id[:], "cardline-id!")

	docs := []*types.Document{
		new(types.Document),
		must.NotFail(types.NewDocument("_id", "acct-1", "version", int32(7), "state", new(types.Document), "outbox", types.MakeArray(0))),
		must.NotFail(types.NewDocument("_id", id, "version", int32(8), "state", must.NotFail(types.NewDocument("n", int32(1))), "outbox", outbox)),
	}

	for _, doc := range docs {
		data, err := Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}

		if !agree(t, data) {
			t.Fatalf("the fast path refused %s", data)
		}
	}
}

// Named edges where both decoders must refuse, or agree.
func TestFastUnmarshalEdges(t *testing.T) {
	for _, data := range []string{
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":2147483648}`, // int32 overflow
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1.0}`,        // not an integer
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":01}`,         // leading zero
		`{"$s":{"p":{"a":{"t":"double"}},"$k":["a"]},"a":1e400}`,   // out of range
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"x"} `,    // trailing space
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"x","a":"y"}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a","a"]},"a":"x","a":"y"}`,
		`{"$s":{"p":{"a":{"t":"string"},"b":{"t":"int"}},"$k":["b","a"]},"a":"x","b":1}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":nullx}`,
		`{"$s":{"p":{"a":{"t":"objectId"}},"$k":["a"]},"a":"zz0000000000000000000000"}`,
		`{"$s":{"p":{"a":{"t":"array","i":[{"t":"int"}]}},"$k":["a"]},"a":[1,2]}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{"p":{"b":{"t":"int"}},"$k":["b"]}}},"$k":["a"]},"a":{}}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":null}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"\u00e9\ud800"}`,
		`{"$s":{"P":{"a":{"t":"string"}},"$k":["a"]},"a":"x"}`, // upstream matches field names without case
	} {
		agree(t, []byte(data))
	}
}
