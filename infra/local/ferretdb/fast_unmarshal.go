// Cardline addition to FerretDB 1.24's sjson package (copied in by
// infra/local/install.sh; docs/adr/0039-embedded-store-one-pass-decoding.md in
// the Cardline repository explains why).
//
// Upstream's Unmarshal decodes a stored document level by level: each nested
// object and array is decoded again from its raw JSON, with a new
// encoding/json decoder for every value, and the schema goes through
// reflection. For an aggregate with ten outbox events (18 kB) that costs
// about 2.5 ms, most of what the store spends on a read.
//
// fastUnmarshal reads the bytes once, guided by the schema. It accepts only
// what Marshal writes for the common types (objects, arrays, strings, int,
// long, double, bool, date, objectId, null) with object keys in the schema's
// order. For anything else it reports ok=false and Unmarshal runs upstream's
// code, so on those inputs results and errors are upstream's.

package sjson

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
)

// fastSchema is a schema whose properties are in the order of its keys.
type fastSchema struct {
	keys  []string
	elems []*fastElem
}

type fastElem struct {
	typ    elemType
	schema *fastSchema // objects
	items  []*fastElem // arrays
}

type fastDecoder struct {
	b     []byte
	i     int
	names map[string]string
}

// Unmarshal decodes the top-level document: one pass where it can, upstream's
// decoder where it cannot.
func Unmarshal(data []byte) (*types.Document, error) {
	if doc, ok := fastUnmarshal(data); ok {
		return doc, nil
	}

	return unmarshalUpstream(data)
}

func fastUnmarshal(data []byte) (*types.Document, bool) {
	d := fastDecoder{b: data}

	d.ws()
	if !d.byte('{') {
		return nil, false
	}

	d.ws()
	if key, ok := d.name(); !ok || key != "$s" {
		return nil, false
	}

	d.ws()
	if !d.byte(':') {
		return nil, false
	}

	sch, ok := d.schema()
	if !ok {
		return nil, false
	}

	doc := new(types.Document)

	for n := 0; ; n++ {
		d.ws()

		if d.byte('}') {
			if n != len(sch.keys) || doc.Len() != n {
				return nil, false
			}

			break
		}

		// a field named $s would be read as the schema by upstream
		if !d.byte(',') || n >= len(sch.keys) || sch.keys[n] == "$s" {
			return nil, false
		}

		if !d.key(sch.keys[n]) {
			return nil, false
		}

		v, ok := d.value(sch.elems[n])
		if !ok {
			return nil, false
		}

		doc.Set(sch.keys[n], v)
	}

	// upstream refuses anything after the document, whitespace included
	if d.i != len(d.b) {
		return nil, false
	}

	return doc, true
}

// schema reads {"p":{...},"$k":[...]} or {}.
func (d *fastDecoder) schema() (*fastSchema, bool) {
	var names []string
	var elems []*fastElem
	var keys []string
	var seenP, seenK bool

	ok := d.members(func(field string) bool {
		var ok bool

		switch {
		case field == "p" && !seenP:
			seenP = true
			names, elems, ok = d.properties()
		case field == "$k" && !seenK:
			seenK = true
			keys, ok = d.strings()
		}

		return ok
	})
	if !ok {
		return nil, false
	}

	// properties must be in the keys' order, one each
	if len(names) != len(keys) {
		return nil, false
	}

	for i := range keys {
		if names[i] != keys[i] {
			return nil, false
		}
	}

	return &fastSchema{keys: keys, elems: elems}, true
}

func (d *fastDecoder) properties() ([]string, []*fastElem, bool) {
	var names []string
	var elems []*fastElem

	ok := d.members(func(name string) bool {
		e, ok := d.elem()
		names = append(names, name)
		elems = append(elems, e)

		return ok
	})

	return names, elems, ok
}

// elem reads {"t":"...", "$s":{...}, "i":[...]}; options and subtypes
// (regex, binData) are left to upstream.
func (d *fastDecoder) elem() (*fastElem, bool) {
	e := new(fastElem)
	var seenT, seenS, seenI bool

	ok := d.members(func(field string) bool {
		var ok bool

		switch {
		case field == "t" && !seenT:
			seenT = true
			var t string
			t, ok = d.name()
			e.typ = elemType(t)
		case field == "$s" && !seenS:
			seenS = true
			e.schema, ok = d.schema()
		case field == "i" && !seenI:
			seenI = true
			_, ok = d.list(func(int) bool {
				item, ok := d.elem()
				e.items = append(e.items, item)

				return ok
			})
		}

		return ok
	})

	return e, ok && seenT
}

// members reads {"name":value,...}: member gets each name and reads its value.
func (d *fastDecoder) members(member func(name string) bool) bool {
	d.ws()
	if !d.byte('{') {
		return false
	}

	for n := 0; ; n++ {
		d.ws()

		if d.byte('}') {
			return true
		}

		if n > 0 && !d.byte(',') {
			return false
		}

		d.ws()
		name, ok := d.name()
		if !ok {
			return false
		}

		d.ws()
		if !d.byte(':') {
			return false
		}

		d.ws()
		if !member(name) {
			return false
		}
	}
}

// list reads [value,...]: item reads the n-th value. It returns how many it read.
func (d *fastDecoder) list(item func(n int) bool) (int, bool) {
	d.ws()
	if !d.byte('[') {
		return 0, false
	}

	for n := 0; ; n++ {
		d.ws()

		if d.byte(']') {
			return n, true
		}

		if n > 0 && !d.byte(',') {
			return 0, false
		}

		d.ws()
		if !item(n) {
			return 0, false
		}
	}
}

// value reads one value of the type its schema element names.
func (d *fastDecoder) value(e *fastElem) (any, bool) {
	d.ws()

	// upstream reads null before it looks at the schema
	if d.lit("null") {
		return types.Null, true
	}

	switch e.typ {
	case elemTypeObject:
		if e.schema == nil {
			return nil, false
		}
		return d.object(e.schema)

	case elemTypeArray:
		return d.array(e.items)

	case elemTypeString:
		return d.str()

	case elemTypeInt:
		n, ok := d.integer(32)
		return int32(n), ok

	case elemTypeLong:
		return d.integer(64)

	case elemTypeDate:
		ms, ok := d.integer(64)
		if !ok {
			return nil, false
		}
		return time.UnixMilli(ms), true

	case elemTypeDouble:
		lit, ok := d.number()
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(lit, 64)
		return f, err == nil

	case elemTypeBool:
		if d.lit("true") {
			return true, true
		}
		if d.lit("false") {
			return false, true
		}
		return nil, false

	case elemTypeObjectID:
		s, ok := d.str()
		if !ok || len(s) != 2*types.ObjectIDLen {
			return nil, false
		}
		var id types.ObjectID
		if _, err := hex.Decode(id[:], []byte(s)); err != nil {
			return nil, false
		}
		return id, true
	}

	return nil, false
}

func (d *fastDecoder) object(sch *fastSchema) (any, bool) {
	if !d.byte('{') {
		return nil, false
	}

	d.ws()

	// upstream decodes an empty object as an empty document whatever its schema says
	if d.byte('}') {
		return new(types.Document), true
	}

	doc := types.MakeDocument(len(sch.keys))

	for n := 0; ; n++ {
		if n > 0 {
			d.ws()
			if d.byte('}') {
				if n != len(sch.keys) || doc.Len() != n {
					return nil, false
				}
				return doc, true
			}
			if !d.byte(',') {
				return nil, false
			}
		}

		if n >= len(sch.keys) || !d.key(sch.keys[n]) {
			return nil, false
		}

		v, ok := d.value(sch.elems[n])
		if !ok {
			return nil, false
		}

		doc.Set(sch.keys[n], v)
	}
}

func (d *fastDecoder) array(items []*fastElem) (any, bool) {
	a := types.MakeArray(len(items))

	n, ok := d.list(func(n int) bool {
		if n >= len(items) {
			return false
		}

		v, ok := d.value(items[n])
		if ok {
			a.Append(v)
		}

		return ok
	})
	if !ok || n != len(items) {
		return nil, false
	}

	return a, true
}

// key reads `"want":`.
func (d *fastDecoder) key(want string) bool {
	d.ws()

	raw, plain, ok := d.span()
	if !ok {
		return false
	}

	if plain {
		if string(raw) != want {
			return false
		}
	} else if k, ok := unescape(raw); !ok || k != want {
		return false
	}

	d.ws()

	return d.byte(':')
}

// strings reads an array of strings.
func (d *fastDecoder) strings() ([]string, bool) {
	var res []string

	_, ok := d.list(func(int) bool {
		s, ok := d.name()
		res = append(res, s)

		return ok
	})

	return res, ok
}

// str reads a JSON string value.
func (d *fastDecoder) str() (string, bool) {
	raw, plain, ok := d.span()
	if !ok {
		return "", false
	}

	if plain {
		return string(raw), true
	}

	return unescape(raw)
}

// name reads a JSON string that is a key or a schema word. The same few
// recur through a document (each outbox event repeats its schema), so they
// are kept once per document.
func (d *fastDecoder) name() (string, bool) {
	raw, plain, ok := d.span()
	if !ok {
		return "", false
	}

	if !plain {
		return unescape(raw)
	}

	if s, ok := d.names[string(raw)]; ok {
		return s, true
	}

	if d.names == nil {
		d.names = make(map[string]string, 64)
	}

	s := string(raw)
	d.names[s] = s

	return s, true
}

// span reads a JSON string and returns it with its quotes. It is plain when it
// holds no escape and is valid UTF-8; one that is not goes to encoding/json,
// so it decodes exactly as upstream's decoder would.
func (d *fastDecoder) span() (raw []byte, plain, ok bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false, false
	}

	start := d.i
	plain = true

	for j := start + 1; j < len(d.b); j++ {
		c := d.b[j]

		switch {
		case c == '"':
			d.i = j + 1
			if plain && !utf8.Valid(d.b[start+1:j]) {
				plain = false
			}
			if plain {
				return d.b[start+1 : j], true, true
			}
			return d.b[start : j+1], false, true

		case c == '\\':
			plain = false
			j++ // the escaped byte cannot end the string

		case c < 0x20:
			return nil, false, false // encoding/json refuses control characters
		}
	}

	return nil, false, false
}

func unescape(quoted []byte) (string, bool) {
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return "", false
	}

	return s, true
}

// integer reads a JSON number that is an integer of the given size, as
// encoding/json accepts it for int32 and int64.
func (d *fastDecoder) integer(bits int) (int64, bool) {
	lit, ok := d.number()
	if !ok {
		return 0, false
	}

	n, err := strconv.ParseInt(lit, 10, bits)

	return n, err == nil
}

// number reads a literal of JSON's number grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *fastDecoder) number() (string, bool) {
	b, start, j := d.b, d.i, d.i

	if j < len(b) && b[j] == '-' {
		j++
	}

	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	default:
		return "", false
	}

	if j < len(b) && b[j] == '.' {
		j++
		if j >= len(b) || b[j] < '0' || b[j] > '9' {
			return "", false
		}
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	}

	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j >= len(b) || b[j] < '0' || b[j] > '9' {
			return "", false
		}
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	}

	d.i = j

	return string(b[start:j]), true
}

func (d *fastDecoder) lit(s string) bool {
	if len(d.b)-d.i < len(s) || string(d.b[d.i:d.i+len(s)]) != s {
		return false
	}

	// a literal must not run into the next token (upstream: "nullx" is an error)
	if end := d.i + len(s); end < len(d.b) && isLiteralByte(d.b[end]) {
		return false
	}

	d.i += len(s)

	return true
}

func isLiteralByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (d *fastDecoder) byte(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}

	return false
}

func (d *fastDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}
