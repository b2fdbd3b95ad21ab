package config

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// priceField is one key of a model's price in a config file, with the
// ModelPrice field it sets.
type priceField struct {
	key, name string
	field     func(*ModelPrice) *float64
}

var priceFields = []priceField{
	{"input", "Input", func(p *ModelPrice) *float64 { return &p.Input }},
	{"output", "Output", func(p *ModelPrice) *float64 { return &p.Output }},
	{"cache_read", "CacheRead", func(p *ModelPrice) *float64 { return &p.CacheRead }},
	{"cache_write", "CacheWrite", func(p *ModelPrice) *float64 { return &p.CacheWrite }},
	{"reasoning", "Reasoning", func(p *ModelPrice) *float64 { return &p.Reasoning }},
}

const (
	fixPrices     = "write one model per line under prices:, each a mapping such as gpt-4o: {input: 2.5, output: 10}"
	fixModelPrice = "write a mapping of input, output, cache_read, cache_write and reasoning in USD per million tokens, such as {input: 2.5, output: 10}"
	fixPriceValue = "use a number of USD per million tokens, 0 or more, such as 2.5"
)

// priceEntry names one model's entry in messages: Prices["gpt-4o"].
func priceEntry(model string) string { return "[" + strconv.Quote(model) + "]" }

// showPrices summarises the prices as their number, so that String stays
// short however many there are.
func showPrices(c *Config) string {
	switch n := len(c.Prices); n {
	case 0:
		return "[none]"
	case 1:
		return "[1 model]"
	default:
		return "[" + strconv.Itoa(n) + " models]"
	}
}

// digestPrices fingerprints the prices in full, in model order, so a price
// changed after loading is reported as set in code.
func digestPrices(c *Config) string {
	if c.Prices == nil {
		return "nil"
	}
	h := sha256.New()
	for _, model := range slices.Sorted(maps.Keys(c.Prices)) {
		p := c.Prices[model]
		h.Write([]byte(strconv.Quote(model)))
		for _, f := range priceFields {
			h.Write([]byte(" " + strconv.FormatFloat(*f.field(&p), 'g', -1, 64)))
		}
		h.Write([]byte("\n"))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// checkPrices reports, in model order, every entry with an empty model name
// or a price that is negative, NaN or infinite.
func checkPrices(c *Config) []entryProblem {
	var ps []entryProblem
	for _, model := range slices.Sorted(maps.Keys(c.Prices)) {
		entry := priceEntry(model)
		if strings.TrimSpace(model) == "" {
			ps = append(ps, entryProblem{entry, strconv.Quote(model), &badValue{"has no model name",
				`name the model as your provider does, such as "gpt-4o", or remove the entry`}})
		}
		p := c.Prices[model]
		for _, f := range priceFields {
			v := *f.field(&p)
			var reason string
			switch {
			case math.IsNaN(v):
				reason = "is not a number"
			case math.IsInf(v, 0):
				reason = "is infinite"
			case v < 0:
				reason = "is negative"
			default:
				continue
			}
			ps = append(ps, entryProblem{entry + "." + f.name, strconv.FormatFloat(v, 'g', -1, 64), &badValue{reason, fixPriceValue}})
		}
	}
	return ps
}

// parsePrices reads the prices mapping of a config file. It sets Prices
// only when every entry parses, so a broken mapping leaves the value from
// before in place.
func parsePrices(c *Config, v fileValue, source string) []Problem {
	if v.kind != mappingValue {
		return []Problem{{Field: "Prices", Source: source, Value: v.describe(), Reason: "is not a mapping of model names to prices", Fix: fixPrices}}
	}
	prices := make(map[string]ModelPrice, len(v.pairs))
	var ps []Problem
	for _, pair := range v.pairs {
		name := "Prices" + priceEntry(pair.key)
		if _, dup := prices[pair.key]; dup {
			ps = append(ps, Problem{Field: name, Source: source, Reason: "is set more than once", Fix: "keep one"})
			continue
		}
		p, bad := parseModelPrice(name, pair.value, source)
		ps = append(ps, bad...)
		prices[pair.key] = p
	}
	if len(ps) > 0 {
		return ps
	}
	c.Prices = prices
	return nil
}

// parseModelPrice reads one model's price; name is its field name for
// messages, such as Prices["gpt-4o"].
func parseModelPrice(name string, v fileValue, source string) (ModelPrice, []Problem) {
	var p ModelPrice
	if v.kind != mappingValue {
		return p, []Problem{{Field: name, Source: source, Value: v.describe(), Reason: "is not a price", Fix: fixModelPrice}}
	}
	var ps []Problem
	seen := make(map[string]bool, len(v.pairs))
	for _, pair := range v.pairs {
		i := slices.IndexFunc(priceFields, func(f priceField) bool { return f.key == pair.key })
		if i < 0 {
			ps = append(ps, Problem{Field: name, Source: source, Value: strconv.Quote(pair.key), Reason: "is not a price key",
				Fix: "use input, output, cache_read, cache_write or reasoning"})
			continue
		}
		f := priceFields[i]
		if seen[f.key] {
			ps = append(ps, Problem{Field: name + "." + f.name, Source: source, Reason: "is set more than once", Fix: "keep one"})
			continue
		}
		seen[f.key] = true
		switch pair.value.kind {
		case nullValue:
			// No value: the price stays 0, as when the key is absent.
		case scalarValue:
			text := strings.TrimSpace(pair.value.text)
			n, err := strconv.ParseFloat(text, 64)
			if err != nil {
				ps = append(ps, Problem{Field: name + "." + f.name, Source: source, Value: strconv.Quote(text), Reason: "is not a number", Fix: fixPriceValue})
				continue
			}
			*f.field(&p) = n
		default:
			ps = append(ps, Problem{Field: name + "." + f.name, Source: source, Value: pair.value.describe(), Reason: "is not a number", Fix: fixPriceValue})
		}
	}
	return p, ps
}

// filePrice is a ModelPrice as written by MarshalJSON and MarshalYAML:
// prices of 0 are left out, and NaN and infinities, which JSON cannot
// hold, are written as text that loads back.
type filePrice struct {
	Input      any `json:"input,omitempty" yaml:"input,omitempty"`
	Output     any `json:"output,omitempty" yaml:"output,omitempty"`
	CacheRead  any `json:"cache_read,omitempty" yaml:"cache_read,omitempty"`
	CacheWrite any `json:"cache_write,omitempty" yaml:"cache_write,omitempty"`
	Reasoning  any `json:"reasoning,omitempty" yaml:"reasoning,omitempty"`
}

func filePrices(prices map[string]ModelPrice) map[string]filePrice {
	num := func(f float64) any {
		switch {
		case f == 0:
			return nil
		case math.IsNaN(f) || math.IsInf(f, 0):
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return f
	}
	out := make(map[string]filePrice, len(prices))
	for model, p := range prices {
		out[model] = filePrice{num(p.Input), num(p.Output), num(p.CacheRead), num(p.CacheWrite), num(p.Reasoning)}
	}
	return out
}
