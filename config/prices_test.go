package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestLoadPrices(t *testing.T) {
	want := map[string]ModelPrice{
		"gpt-4o":       {Input: 2, Output: 8, CacheRead: 1, CacheWrite: 0, Reasoning: 0},
		"acme/model-1": {Input: 0.1, Output: 0.25, CacheRead: 0.01, CacheWrite: 0.125, Reasoning: 0.5},
		"free-model":   {},
		"null-prices":  {Output: 3},
	}
	for _, tt := range []struct{ name, content string }{
		{"noveum-trace.yaml", `
prices:
  gpt-4o:
    input: 2
    output: "8"
    cache_read: 1.0
  acme/model-1: {input: 0.1, output: 0.25, cache_read: 1e-2, cache_write: 0.125, reasoning: .5}
  free-model: {}
  null-prices: {input: ~, output: 3}
`},
		{"noveum-trace.json", `{"prices": {
  "gpt-4o": {"input": 2, "output": "8", "cache_read": 1.0},
  "acme/model-1": {"input": 0.1, "output": 0.25, "cache_read": 1e-2, "cache_write": 0.125, "reasoning": 0.5},
  "free-model": {},
  "null-prices": {"input": null, "output": 3}
}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.name, tt.content)
			c, err := load(env(nil), dir, local)
			require.NoError(t, err)
			assert.Equal(t, want, c.Prices)
			assert.Equal(t, "file "+tt.name, c.sourceOf(fPrices))
		})
	}
	t.Run("null leaves the default", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "noveum-trace.yaml", "prices:\n")
		c, err := load(env(nil), dir, local)
		require.NoError(t, err)
		assert.Nil(t, c.Prices)
		assert.Equal(t, "default", c.sourceOf(fPrices))
	})
	t.Run("YAML anchors", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "noveum-trace.yaml", "prices:\n  a: &p {input: 1, output: 2}\n  b: *p\n")
		c, err := load(env(nil), dir, local)
		require.NoError(t, err)
		assert.Equal(t, map[string]ModelPrice{"a": {Input: 1, Output: 2}, "b": {Input: 1, Output: 2}}, c.Prices)
	})
}

func TestWithPrices(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "prices:\n  from-file: {input: 1}\n  shared: {input: 1}\n")
	opt := map[string]ModelPrice{"shared": {Input: 5, Output: 6}, "from-option": {Input: 7}}

	c, err := load(env(nil), dir, local, WithPrices(opt))
	require.NoError(t, err)
	assert.Equal(t, map[string]ModelPrice{"shared": {Input: 5, Output: 6}, "from-option": {Input: 7}}, c.Prices,
		"the option replaces the file's prices as a whole")
	assert.Equal(t, "option", c.sourceOf(fPrices))

	opt["shared"] = ModelPrice{Input: 99}
	assert.Equal(t, 5.0, c.Prices["shared"].Input, "the option copied the map")
	c.Prices["from-option"] = ModelPrice{Input: 8}
	c2, err := load(env(nil), dir, local, WithPrices(map[string]ModelPrice{"from-option": {Input: 7}}))
	require.NoError(t, err)
	assert.Equal(t, 7.0, c2.Prices["from-option"].Input)

	c, err = load(env(nil), dir, local, WithPrices(nil))
	require.NoError(t, err)
	assert.Nil(t, c.Prices, "WithPrices(nil) removes the file's prices")
	assert.Equal(t, "option", c.sourceOf(fPrices))

	c, err = load(env(nil), dir, local)
	require.NoError(t, err)
	assert.Len(t, c.Prices, 2, "without the option, the file's prices stand")
}

func TestLoadPricesProblems(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string // each is one problem's text
	}{
		{"scalar", "noveum-trace.yaml", "prices: 5",
			[]string{`Prices: "5" (from file noveum-trace.yaml) is not a mapping of model names to prices: write one model per line under prices:`}},
		{"list", "noveum-trace.json", `{"prices": ["gpt-4o"]}`,
			[]string{`Prices: a list (from file noveum-trace.json) is not a mapping of model names to prices`}},
		{"price not a mapping", "noveum-trace.yaml", "prices:\n  gpt-x: 5",
			[]string{`Prices["gpt-x"]: "5" (from file noveum-trace.yaml) is not a price: write a mapping of input, output, cache_read, cache_write and reasoning`}},
		{"price is a list", "noveum-trace.json", `{"prices": {"gpt-x": [1, 2]}}`,
			[]string{`Prices["gpt-x"]: a list (from file noveum-trace.json) is not a price`}},
		{"unknown price key", "noveum-trace.yaml", "prices:\n  gpt-x: {inptu: 1}",
			[]string{`Prices["gpt-x"]: "inptu" (from file noveum-trace.yaml) is not a price key: use input, output, cache_read, cache_write or reasoning`}},
		{"not a number", "noveum-trace.yaml", "prices:\n  gpt-x: {input: cheap}",
			[]string{`Prices["gpt-x"].Input: "cheap" (from file noveum-trace.yaml) is not a number: use a number of USD per million tokens, 0 or more, such as 2.5`}},
		{"a boolean", "noveum-trace.json", `{"prices": {"gpt-x": {"output": true}}}`,
			[]string{`Prices["gpt-x"].Output: "true" (from file noveum-trace.json) is not a number`}},
		{"nested number", "noveum-trace.yaml", "prices:\n  gpt-x: {cache_read: {value: 1}}",
			[]string{`Prices["gpt-x"].CacheRead: a mapping (from file noveum-trace.yaml) is not a number`}},
		{"model twice (YAML)", "noveum-trace.yaml", "prices:\n  gpt-x: {input: 1}\n  gpt-x: {input: 2}",
			[]string{`Prices["gpt-x"]: is set more than once: keep one`}},
		{"model twice (JSON)", "noveum-trace.json", `{"prices": {"gpt-x": {"input": 1}, "gpt-x": {"input": 2}}}`,
			[]string{`Prices["gpt-x"]: is set more than once: keep one`}},
		{"price key twice", "noveum-trace.json", `{"prices": {"gpt-x": {"input": 1, "input": 2}}}`,
			[]string{`Prices["gpt-x"].Input: is set more than once: keep one`}},
		{"negative, from the file", "noveum-trace.yaml", "prices:\n  gpt-x: {input: -1}",
			[]string{`Prices["gpt-x"].Input: -1 (from file noveum-trace.yaml) is negative: use a number of USD per million tokens, 0 or more, such as 2.5`}},
		{"NaN and infinity, from the file", "noveum-trace.yaml", "prices:\n  gpt-x: {output: NaN, reasoning: +Inf}",
			[]string{`Prices["gpt-x"].Output: NaN (from file noveum-trace.yaml) is not a number`,
				`Prices["gpt-x"].Reasoning: +Inf (from file noveum-trace.yaml) is infinite`}},
		{"empty model name", "noveum-trace.json", `{"prices": {"": {"input": 1}}}`,
			[]string{`Prices[""]: "" (from file noveum-trace.json) has no model name: name the model as your provider does`}},
		{"several at once", "noveum-trace.yaml", "prices:\n  a: {input: x}\n  b: 1\n  c: {foo: 1}",
			[]string{`Prices["a"].Input: "x"`, `Prices["b"]: "1"`, `Prices["c"]: "foo"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.content)
			c, err := load(env(nil), dir, local)
			ps := problems(t, err)
			require.Len(t, ps, len(tt.want), err.Error())
			for i, w := range tt.want {
				assert.True(t, strings.HasPrefix(ps[i].String(), w), "problem %d:\n got %s\nwant %s...", i, ps[i], w)
				assert.True(t, strings.HasPrefix(ps[i].Field, "Prices"), ps[i].Field)
				assert.NotEmpty(t, ps[i].Fix)
			}
			if !strings.Contains(tt.name, "from the file") && tt.name != "empty model name" {
				assert.Nil(t, c.Prices, "a mapping that does not parse is not used, not even in part")
			}
		})
	}
}

func TestLoadPricesProblemKeepsOtherFields(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "project: acme\nprices:\n  good: {input: 1}\n  bad: {input: x}\nbatch_size: 7\n")
	c, err := load(env(nil), dir, local)
	require.Len(t, problems(t, err), 1)
	assert.Nil(t, c.Prices)
	assert.Equal(t, "acme", c.Project)
	assert.Equal(t, 7, c.BatchSize)
}

func TestLoadPricesSelfReferringAlias(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "prices: &p\n  m: *p\n")
	_, err := load(env(nil), dir, local)
	require.Error(t, err, "a mapping that contains itself is refused, not followed forever")
	assert.Contains(t, err.Error(), "file noveum-trace.yaml")
}

func TestValidatePrices(t *testing.T) {
	c := valid()
	c.Prices = map[string]ModelPrice{
		"ok":    {Input: 1, Output: 2, CacheRead: 0, CacheWrite: 0, Reasoning: 0},
		"gpt-x": {Input: -1, Output: math.NaN()},
		"":      {Input: 1},
		" ":     {CacheWrite: math.Inf(1), Reasoning: math.Inf(-1), CacheRead: -0.5},
	}
	ps := problems(t, c.Validate())
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
		assert.Equal(t, "code", p.Source)
	}
	assert.Equal(t, []string{
		`Prices[""]: "" (from code) has no model name: name the model as your provider does, such as "gpt-4o", or remove the entry`,
		`Prices[" "]: " " (from code) has no model name: name the model as your provider does, such as "gpt-4o", or remove the entry`,
		`Prices[" "].CacheRead: -0.5 (from code) is negative: use a number of USD per million tokens, 0 or more, such as 2.5`,
		`Prices[" "].CacheWrite: +Inf (from code) is infinite: use a number of USD per million tokens, 0 or more, such as 2.5`,
		`Prices[" "].Reasoning: -Inf (from code) is infinite: use a number of USD per million tokens, 0 or more, such as 2.5`,
		`Prices["gpt-x"].Input: -1 (from code) is negative: use a number of USD per million tokens, 0 or more, such as 2.5`,
		`Prices["gpt-x"].Output: NaN (from code) is not a number: use a number of USD per million tokens, 0 or more, such as 2.5`,
	}, got)
	assert.Equal(t, `Prices["gpt-x"].Input`, ps[5].Field)

	c.Prices = map[string]ModelPrice{"ok": {Input: 0}, "also-ok": {Input: 1e6}}
	assert.NoError(t, c.Validate(), "0 and large prices are valid")
	c.Prices = nil
	assert.NoError(t, c.Validate())
}

func TestPricesProvenance(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "prices:\n  m: {input: 1}\n")
	c, err := load(env(nil), dir, local)
	require.NoError(t, err)
	assert.Equal(t, "file noveum-trace.yaml", c.sourceOf(fPrices))
	c.Prices["m"] = ModelPrice{Input: -2}
	assert.Equal(t, "code", c.sourceOf(fPrices), "a price changed after loading comes from code")
	assert.ErrorContains(t, c.Validate(), `Prices["m"].Input: -2 (from code) is negative`)
}

func TestPricesShownShort(t *testing.T) {
	c := valid()
	c.Prices = map[string]ModelPrice{"secret-model-name": {Input: 1}, "other-model": {Input: 2}}
	assert.Contains(t, c.String(), " Prices:[2 models] ")
	assert.NotContains(t, c.String(), "secret-model-name")
	assert.NotContains(t, fmt.Sprintf("%v %+v %s", c, c, c), "secret-model-name")
	assert.Contains(t, fmt.Sprintf("%#v", c), `"secret-model-name":config.ModelPrice{Input:1, Output:0, CacheRead:0, CacheWrite:0, Reasoning:0}`)

	var js bytes.Buffer
	slog.New(slog.NewJSONHandler(&js, nil)).Info("cfg", "config", c)
	assert.Contains(t, js.String(), `"prices":2`)

	c.Prices = map[string]ModelPrice{"m": {}}
	assert.Contains(t, c.String(), " Prices:[1 model] ")
	c.Prices = nil
	assert.Contains(t, c.String(), " Prices:[none] ")
}

func TestMarshalPrices(t *testing.T) {
	c := valid()
	j, err := json.Marshal(c)
	require.NoError(t, err)
	assert.NotContains(t, string(j), "prices", "no prices, no key")

	c.Prices = map[string]ModelPrice{"b": {Input: 1, CacheRead: 0.5}, "a": {}, "odd": {Output: math.Inf(1)}}
	j, err = json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(j), `"prices":{"a":{},"b":{"input":1,"cache_read":0.5},"odd":{"output":"+Inf"}}`)
	y, err := yaml.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(y), "prices:\n    a: {}\n    b:\n        input: 1\n        cache_read: 0.5\n")

	for name, data := range map[string][]byte{"noveum-trace.json": j, "noveum-trace.yaml": y} {
		dir := t.TempDir()
		writeFile(t, dir, name, string(data))
		got, err := load(env(nil), dir)
		require.Error(t, err, "the infinite price is still refused")
		assert.Equal(t, c.Prices["b"], got.Prices["b"], name)
		assert.True(t, math.IsInf(got.Prices["odd"].Output, 1), name)
	}
}
