// Cardline addition to FerretDB 1.24's sjson package (copied in by
// infra/local/install.sh; docs/adr/0040-embedded-store-one-pass-encoding.md in
// the Cardline repository explains why).
//
// Upstream's Marshal writes the schema and then the values, each nested level
// into a buffer of its own that is copied into its parent's, and every key,
// string and number through encoding/json's reflection. For an aggregate with
// ten outbox events (13 kB) that costs about 0.5 ms a write.
//
// fastMarshal writes the same bytes in one walk of the document. It takes the
// types Cardline stores (objects, arrays, strings, int, long, double, bool,
// date, objectId, null); for anything else (binData, regex, timestamp, a
// double that is NaN or infinite, a document with a duplicated key, a nil
// document or array below the top) it reports ok=false and Marshal runs
// upstream's code, so those results, errors and panics stay upstream's.
// Strings that are not plain ASCII go through encoding/json itself, as
// upstream's do.

package sjson

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
)

// Marshal encodes a document with its schema in the field $s: one pass where it
// can, upstream's encoder where it cannot.
func Marshal(d *types.Document) ([]byte, error) {
	if d != nil {
		if b, ok := fastMarshal(d); ok {
			return b, nil
		}
	}

	return marshalUpstream(d)
}

// fastEncoder walks a document once and writes its schema and its values side
// by side; Marshal's output is the one followed by the other.
type fastEncoder struct {
	s []byte // the schema
	v []byte // the values
}

// The buffers are kept between calls: a stored aggregate is tens of kilobytes,
// and growing a fresh buffer to that size is most of the garbage otherwise.
var fastEncoders = sync.Pool{New: func() any { return new(fastEncoder) }}

func fastMarshal(d *types.Document) ([]byte, bool) {
	e := fastEncoders.Get().(*fastEncoder)
	defer fastEncoders.Put(e)

	e.s, e.v = e.s[:0], e.v[:0]

	if !e.document(d, true) {
		return nil, false
	}

	b := make([]byte, 0, len(`{"$s":`)+len(e.s)+len(e.v)+1)
	b = append(b, `{"$s":`...)
	b = append(b, e.s...)
	b = append(b, e.v...)
	b = append(b, '}')

	return b, true
}

// document writes {"p":{...},"$k":[...]} (or {} when empty) to the schema and
// the fields to the values: as ,"key":value after the schema at the top level,
// where upstream writes keys as they are, and as {"key":value,...} below it.
func (e *fastEncoder) document(d *types.Document, top bool) bool {
	keys, values := d.Keys(), d.Values()

	// upstream panics on a duplicated key; leave that to it
	if hasDuplicate(keys) {
		return false
	}

	if len(keys) == 0 {
		e.s = append(e.s, "{}"...)
	} else {
		e.s = append(e.s, `{"p":{`...)
	}

	if !top {
		e.v = append(e.v, '{')
	}

	for i, k := range keys {
		if i > 0 {
			e.s = append(e.s, ',')
		}

		e.s = appendString(e.s, k)
		e.s = append(e.s, ':')

		switch {
		case top:
			e.v = append(e.v, ",\""...)
			e.v = append(e.v, k...)
			e.v = append(e.v, "\":"...)
		case i > 0:
			e.v = append(e.v, ',')
			fallthrough
		default:
			e.v = appendString(e.v, k)
			e.v = append(e.v, ':')
		}

		if !e.value(values[i]) {
			return false
		}
	}

	if len(keys) > 0 {
		e.s = append(e.s, `},"$k":[`...)

		for i, k := range keys {
			if i > 0 {
				e.s = append(e.s, ',')
			}

			e.s = appendString(e.s, k)
		}

		e.s = append(e.s, "]}"...)
	}

	if !top {
		e.v = append(e.v, '}')
	}

	return true
}

// value writes one value's schema element and the value itself.
func (e *fastEncoder) value(v any) bool {
	switch v := v.(type) {
	case *types.Document:
		// upstream panics on a nil document or array below the top; leave that to it
		if v == nil {
			return false
		}
		e.s = append(e.s, `{"t":"object","$s":`...)
		if !e.document(v, false) {
			return false
		}
		e.s = append(e.s, '}')

	case *types.Array:
		if v == nil {
			return false
		}
		e.s = append(e.s, `{"t":"array","i":[`...)
		e.v = append(e.v, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.s = append(e.s, ',')
				e.v = append(e.v, ',')
			}
			item, _ := v.Get(i)
			if !e.value(item) {
				return false
			}
		}
		e.s = append(e.s, "]}"...)
		e.v = append(e.v, ']')

	case float64:
		// encoding/json refuses these; upstream returns its error
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		e.s = append(e.s, `{"t":"double"}`...)
		e.v = appendDouble(e.v, v)

	case string:
		e.s = append(e.s, `{"t":"string"}`...)
		e.v = appendString(e.v, v)

	case types.ObjectID:
		e.s = append(e.s, `{"t":"objectId"}`...)
		e.v = append(e.v, '"')
		e.v = hex.AppendEncode(e.v, v[:])
		e.v = append(e.v, '"')

	case bool:
		e.s = append(e.s, `{"t":"bool"}`...)
		e.v = strconv.AppendBool(e.v, v)

	case time.Time:
		e.s = append(e.s, `{"t":"date"}`...)
		e.v = strconv.AppendInt(e.v, v.UnixMilli(), 10)

	case types.NullType:
		e.s = append(e.s, `{"t":"null"}`...)
		e.v = append(e.v, "null"...)

	case int32:
		e.s = append(e.s, `{"t":"int"}`...)
		e.v = strconv.AppendInt(e.v, int64(v), 10)

	case int64:
		e.s = append(e.s, `{"t":"long"}`...)
		e.v = strconv.AppendInt(e.v, v, 10)

	default:
		return false // binData, regex, timestamp: upstream's
	}

	return true
}

// appendDouble writes a float64 as encoding/json does: like ES6's number to
// string, %f between 1e-6 and 1e21 and %e outside, with no leading zero in a
// negative exponent.
func appendDouble(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}

	b = strconv.AppendFloat(b, f, format, -1, 64)

	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}

	return b
}

// appendString writes a JSON string. Printable ASCII without the characters
// encoding/json escapes (quote, backslash, and <, >, & for HTML) is written as
// it is; anything else goes through encoding/json.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}

	b = append(b, '"')
	b = append(b, s...)

	return append(b, '"')
}

// hasDuplicate reports whether a key repeats; documents are small, so pairs are
// compared directly below 16 keys.
func hasDuplicate(keys []string) bool {
	if len(keys) < 16 {
		for i := range keys {
			for j := i + 1; j < len(keys); j++ {
				if keys[i] == keys[j] {
					return true
				}
			}
		}

		return false
	}

	seen := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		if _, ok := seen[k]; ok {
			return true
		}
		seen[k] = struct{}{}
	}

	return false
}
