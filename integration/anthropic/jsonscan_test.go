package noveumanthropic

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestEachMember(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // key=value pairs read
		ok   bool
	}{
		{`{}`, ``, true},
		{` { "a" : 1 , "b":"x\"}" ,"c":{"d":[1,{"e":"]"}]},"f":null,"g":true}`, `a=1 b="x\"}" c={"d":[1,{"e":"]"}]} f=null g=true `, true},
		{`{"a":"\\"}`, `a="\\" `, true},
		{`{"a":1`, `a=1 `, false},
		{`{"a":"open`, ``, false},
		{`{"a":[1,2}`, `a=[1,2} `, false}, // brackets are counted, not matched: the decoder of the value rejects it
		{`{"a":}`, ``, false},
		{`{a:1}`, ``, false},
		{`[1,2]`, ``, false},
		{``, ``, false},
		{`{"a":1 "b":2}`, `a=1 `, false},
		{`{"a":1,}`, `a=1 `, false},
	} {
		got := ""
		ok := eachMember([]byte(tc.in), func(k, v []byte) bool {
			got += fmt.Sprintf("%s=%s ", k, v)
			return true
		})
		if got != tc.want || ok != tc.ok {
			t.Errorf("eachMember(%s) read %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestJSONValues(t *testing.T) {
	if s := jsonString([]byte(`"a\nb\u00e9"`)); s != "a\nbé" {
		t.Errorf("jsonString = %q", s)
	}
	for _, v := range []string{`null`, `12`, `"unterminated`, `"bad \x"`} {
		if s := jsonString([]byte(v)); s != "" {
			t.Errorf("jsonString(%s) = %q, want empty", v, s)
		}
	}
	if n, ok := jsonInt([]byte(`-42`)); !ok || n != -42 {
		t.Errorf("jsonInt(-42) = %d, %v", n, ok)
	}
	for _, v := range []string{`null`, `"1"`, `1.5`, `-`, `99999999999999999999`} {
		if n, ok := jsonInt([]byte(v)); ok {
			t.Errorf("jsonInt(%s) = %d, want not an integer", v, n)
		}
	}
	if f := jsonFloat([]byte(`0.25`)); f == nil || *f != 0.25 {
		t.Errorf("jsonFloat(0.25) = %v", f)
	}
	if f := jsonFloat([]byte(`"0.25"`)); f != nil {
		t.Errorf("jsonFloat of a string = %v", *f)
	}
}

// The walk never panics, and on valid JSON objects it agrees with
// encoding/json on the members.
func FuzzEachMember(f *testing.F) {
	for _, s := range []string{`{"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"x"}]}]}],"tools":[{"name":"f","input_schema":{}}],"stop_sequences":["a"]}`,
		`[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]`, `{"a":1}`, `{"a":"\\\""}`, `{"a":[{"b":"}"}]}`, `{"a":`, `{"a":"x`, `[]`, `{"usage":{"input_tokens":3}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var keys []string
		ok := eachMember(data, func(k, v []byte) bool {
			keys = append(keys, string(k))
			return true
		})
		_, _ = readUsage(data)
		_, _ = readMessage(data, true, "")
		_ = blockChunk(data)
		_ = request(data, true)
		_ = response(data, true, "")
		_ = parts(data)
		eachElement(data, func([]byte) {})
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) == nil && m != nil && !ok {
			t.Errorf("encoding/json reads %s as an object, the walk does not", data)
		}
	})
}
