package llm

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/Noveum/noveum-trace-go/config"
)

// Cost is the cost of one model call in USD. Input includes the cost of
// cache reads and writes; Output includes the cost of reasoning tokens;
// Total is their sum.
type Cost struct {
	Input  float64
	Output float64
	Total  float64
}

// perMillionTokens turns a price per million tokens into a price per token.
const perMillionTokens = 1e-6

// CostOf returns the cost in USD of a call with usage u at price p (in
// USD per million tokens). A zero CacheRead or CacheWrite in p means those tokens
// are billed at Input, and a zero Reasoning means reasoning tokens are
// billed at Output, which is what providers without a separate price do
// (a free cache read therefore cannot be expressed; no provider offers
// one).
//
// It follows the convention's token accounting: InputTokens includes the
// cache reads and cache writes, and OutputTokens includes the reasoning
// tokens. So plain input is InputTokens - CacheReadInputTokens -
// CacheCreationInputTokens and plain output is OutputTokens -
// ReasoningOutputTokens. A count that was not reported counts as 0. When a
// provider reports more cached (or reasoning) tokens than the total they
// are part of, the plain part is taken as 0, never negative, and the cached
// (or reasoning) tokens are still billed as reported.
func CostOf(p config.ModelPrice, u Usage) Cost {
	cacheRead, cacheWrite, reasoning := p.CacheRead, p.CacheWrite, p.Reasoning
	if cacheRead == 0 {
		cacheRead = p.Input
	}
	if cacheWrite == 0 {
		cacheWrite = p.Input
	}
	if reasoning == 0 {
		reasoning = p.Output
	}
	read, write := u.CacheReadInputTokens.Int(), u.CacheCreationInputTokens.Int()
	plainIn := max(u.InputTokens.Int()-read-write, 0)
	think := u.ReasoningOutputTokens.Int()
	plainOut := max(u.OutputTokens.Int()-think, 0)

	in := (float64(plainIn)*p.Input + float64(read)*cacheRead + float64(write)*cacheWrite) * perMillionTokens
	out := (float64(plainOut)*p.Output + float64(think)*reasoning) * perMillionTokens
	return Cost{Input: in, Output: out, Total: in + out}
}

// validatePrice reports why p cannot be a price, or nil.
func validatePrice(p config.ModelPrice) error {
	for _, f := range [...]struct {
		name string
		v    float64
	}{{"Input", p.Input}, {"Output", p.Output}, {"CacheRead", p.CacheRead}, {"CacheWrite", p.CacheWrite}, {"Reasoning", p.Reasoning}} {
		switch {
		case math.IsNaN(f.v):
			return fmt.Errorf("%s is NaN", f.name)
		case math.IsInf(f.v, 0):
			return fmt.Errorf("%s is infinite", f.name)
		case f.v < 0:
			return fmt.Errorf("%s is negative (%g)", f.name, f.v)
		}
	}
	return nil
}

// ErrInvalidPrice is wrapped by the errors of PriceBook.Set, SetAll and
// Alias when a model name or price is refused.
var ErrInvalidPrice = errors.New("invalid price")

// PriceBook maps model names to prices. Names are normalised before they
// are matched (see NormalizeModel), so "openai/gpt-4o-2024-08-06" finds the
// price of "gpt-4o"; a name that is not in the book, even one that starts
// like a known model, has no price: the book never guesses.
//
// The zero PriceBook is empty and ready to use; NewPriceBook returns the
// same, and DefaultPriceBook returns one holding the built-in table. A
// PriceBook is safe for concurrent use. Lookups take no lock and do not
// allocate: they read an immutable snapshot that Set, SetAll and Alias
// replace as a whole. A PriceBook must not be copied after first use.
//
// A PriceBook has no notion of provider: a model is priced by its name
// alone. Where hosts price a model differently they mostly use different
// ids (Bedrock's "meta.llama3-1-70b-instruct-v1:0" is not Groq's
// "llama-3.1-70b-versatile"); where they share an id, the built-in table
// holds one list price, named in prices.go. Set overrides it for your
// host, region or contract.
type PriceBook struct {
	mu    sync.Mutex // serialises writers
	table atomic.Pointer[priceTable]
}

// priceTable is one immutable snapshot of a book: prices by normalised
// name, and aliases from a normalised name to a key of prices.
type priceTable struct {
	prices  map[string]config.ModelPrice
	aliases map[string]string
}

// NewPriceBook returns an empty PriceBook.
func NewPriceBook() *PriceBook { return &PriceBook{} }

// DefaultPriceBook returns a new PriceBook holding the built-in prices and
// aliases: list prices of current OpenAI, Anthropic, Google Gemini,
// Mistral, Cohere, DeepSeek and Meta Llama models as of 2026-11-26 (the
// source and what the table leaves out are noted in prices.go). Each call
// returns an independent book: changing one does not change another.
func DefaultPriceBook() *PriceBook {
	b := &PriceBook{}
	b.table.Store(builtinTable()) // shared safely: snapshots are never modified
	return b
}

// builtinTable builds the snapshot of the built-in table once.
var builtinTable = sync.OnceValue(func() *priceTable {
	t := &priceTable{prices: make(map[string]config.ModelPrice, len(builtinPrices)), aliases: make(map[string]string, len(builtinAliases))}
	for name, p := range builtinPrices {
		t.prices[name] = p
	}
	for alias, model := range builtinAliases {
		t.aliases[alias] = model
	}
	return t
})

// load returns the current snapshot, or nil for an empty book.
func (b *PriceBook) load() *priceTable {
	if b == nil {
		return nil
	}
	return b.table.Load()
}

// Set adds or replaces the price of model. The name is normalised as for
// Lookup except that a date suffix is kept, so a dated snapshot can be
// priced apart from its model: after Set("gpt-4o-2024-05-13", p), that
// snapshot costs p while "gpt-4o" keeps its own price. A name that was an
// alias becomes a model of its own. Set returns an error wrapping
// ErrInvalidPrice for an empty name or a negative, NaN or infinite price.
func (b *PriceBook) Set(model string, p config.ModelPrice) error {
	return b.SetAll(map[string]config.ModelPrice{model: p})
}

// SetAll adds or replaces several prices at once, as Set does for each: all
// of them or, when any name or price is refused, none. Two names that
// normalise to the same model are refused too, since either price could
// win. The errors name every refused entry, in name order.
func (b *PriceBook) SetAll(prices map[string]config.ModelPrice) error {
	keys := make(map[string]string, len(prices)) // normalised -> as given
	var errs []error
	for _, model := range slices.Sorted(maps.Keys(prices)) {
		key := modelKey(model)
		if key == "" {
			errs = append(errs, fmt.Errorf("llm: price for %q: %w: the model name is empty", model, ErrInvalidPrice))
			continue
		}
		if len(modelSegment(model)) > maxModelLen {
			errs = append(errs, fmt.Errorf("llm: price for %q: %w: the model name is longer than %d bytes", model, ErrInvalidPrice, maxModelLen))
			continue
		}
		if err := validatePrice(prices[model]); err != nil {
			errs = append(errs, fmt.Errorf("llm: price for %q: %w: %w", model, ErrInvalidPrice, err))
			continue
		}
		if other, dup := keys[key]; dup {
			errs = append(errs, fmt.Errorf("llm: prices for %q and %q: %w: both name the model %q", other, model, ErrInvalidPrice, key))
			continue
		}
		keys[key] = model
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if len(keys) == 0 {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.load().clone()
	for key, model := range keys {
		t.prices[key] = prices[model]
		delete(t.aliases, key)
	}
	b.table.Store(t)
	return nil
}

// Alias makes alias another name of model, which must already have a
// price, directly or through an alias (then alias points at the same
// priced model). Alias returns an error wrapping ErrInvalidPrice when
// either name is empty, when model has no price, or when alias is itself a
// priced model (use Set to change a price).
func (b *PriceBook) Alias(alias, model string) error {
	key := modelKey(alias)
	if key == "" {
		return fmt.Errorf("llm: alias %q for %q: %w: the alias is empty", alias, model, ErrInvalidPrice)
	}
	if len(modelSegment(alias)) > maxModelLen {
		return fmt.Errorf("llm: alias %q for %q: %w: the alias is longer than %d bytes", alias, model, ErrInvalidPrice, maxModelLen)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := b.load()
	target, ok := cur.resolve(model)
	if !ok {
		return fmt.Errorf("llm: alias %q for %q: %w: %q has no price", alias, model, ErrInvalidPrice, model)
	}
	if _, priced := cur.prices[key]; priced {
		return fmt.Errorf("llm: alias %q for %q: %w: %q is a priced model; use Set to change its price", alias, model, ErrInvalidPrice, alias)
	}
	t := cur.clone()
	t.aliases[key] = target
	b.table.Store(t)
	return nil
}

// Lookup returns the price of model and whether it has one. The name is
// normalised step by step, and at each step an exact match wins, then an
// alias:
//
//  1. case, surrounding spaces and any "vendor/" path prefix are dropped,
//     as are a Bedrock region and vendor prefix ("us.anthropic.") and the
//     ":0" of a Bedrock version suffix, and dots in Claude names become
//     dashes;
//  2. the Bedrock version ("-v2") itself is dropped, for Bedrock ids;
//  3. a date suffix is dropped (see NormalizeModel).
//
// So a snapshot with a price of its own is found before its model, and an
// unknown name, or "", has no price: Lookup never matches a prefix or a
// family. Names longer than 256 bytes (after any "vendor/" prefix) have
// no price. Lookup does not allocate.
func (b *PriceBook) Lookup(model string) (config.ModelPrice, bool) {
	t := b.load()
	if t == nil {
		return config.ModelPrice{}, false
	}
	var buf [maxModelLen]byte
	n, ok := startNormalizing(buf[:], model)
	for ok {
		if p, found := t.find(n.name); found {
			return p, true
		}
		n, ok = n.next()
	}
	return config.ModelPrice{}, false
}

// Cost returns the cost of a call to model with usage u, and whether model
// has a price. An unknown model has no cost: the result is the zero Cost
// and false, never an estimate.
func (b *PriceBook) Cost(model string, u Usage) (Cost, bool) {
	p, ok := b.Lookup(model)
	if !ok {
		return Cost{}, false
	}
	return CostOf(p, u), true
}

// Models returns the normalised names of the priced models, sorted. Aliases
// are not included.
func (b *PriceBook) Models() []string {
	t := b.load()
	if t == nil {
		return []string{}
	}
	return slices.Sorted(maps.Keys(t.prices))
}

// NormalizeModel returns model as Lookup reduces it at its last step:
// lower case, without surrounding spaces, "vendor/" prefixes, Bedrock
// region, vendor and version parts, or a date suffix. Date suffixes are
// "-2024-08-06" and "-20241022" (any model), "@20241022" (Vertex AI), and
// four digits "-0613" on OpenAI "gpt-" names. Claude names written with
// dots ("claude-3.5-sonnet", as OpenRouter does) get Anthropic's dashes.
// For example "bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0" and
// "anthropic/claude-3.5-sonnet" both give "claude-3-5-sonnet".
//
// Lookup tries the less reduced forms first, so a price set for a dated
// name wins over the price of its model. NormalizeModel returns "" when
// nothing is left.
func NormalizeModel(model string) string {
	n, ok := startNormalizing(make([]byte, len(model)), model)
	if !ok {
		return ""
	}
	for more := true; more; {
		n, more = n.next() // the last call returns n unchanged
	}
	return string(n.name)
}

// modelKey is the name a price or alias is stored under: the first step of
// Lookup's normalisation, or "" when nothing is left.
func modelKey(model string) string {
	n, ok := startNormalizing(make([]byte, len(model)), model)
	if !ok {
		return ""
	}
	return string(n.name)
}

// find looks name up among the prices, then the aliases.
func (t *priceTable) find(name []byte) (config.ModelPrice, bool) {
	if p, ok := t.prices[string(name)]; ok {
		return p, true
	}
	if key, ok := t.aliases[string(name)]; ok {
		p, ok := t.prices[key]
		return p, ok
	}
	return config.ModelPrice{}, false
}

// resolve returns the key of the price Lookup would find for model.
func (t *priceTable) resolve(model string) (string, bool) {
	if t == nil {
		return "", false
	}
	n, ok := startNormalizing(make([]byte, len(model)), model)
	for ok {
		if _, priced := t.prices[string(n.name)]; priced {
			return string(n.name), true
		}
		if key, aliased := t.aliases[string(n.name)]; aliased {
			return key, true
		}
		n, ok = n.next()
	}
	return "", false
}

// clone returns a modifiable copy of t; a nil t clones to an empty table.
func (t *priceTable) clone() *priceTable {
	if t == nil {
		return &priceTable{prices: map[string]config.ModelPrice{}, aliases: map[string]string{}}
	}
	return &priceTable{prices: maps.Clone(t.prices), aliases: maps.Clone(t.aliases)}
}

// maxModelLen bounds the names Lookup normalises in its stack buffer. Real
// model ids, even Bedrock inference-profile ARNs, are far shorter.
const maxModelLen = 256

// modelSegment returns the part of model that names the model: the text after
// the last "/" ("openai/gpt-4o", "models/gemini-2.5-pro",
// "openrouter/anthropic/claude-3.5-sonnet", Vertex AI resource names,
// Bedrock ARNs), without surrounding spaces.
func modelSegment(model string) string {
	s := strings.TrimSpace(model)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = strings.TrimSpace(s[i+1:])
	}
	return s
}

// modelNormalizer walks the forms of a model name that Lookup tries, from the
// most specific to the most reduced. It works in a caller's buffer and
// never allocates.
type modelNormalizer struct {
	name []byte // the current form
	base int    // length of the name without its Bedrock version, or -1
	step int    // 1, 2 or 3, as in the Lookup documentation
}

// startNormalizing returns the first form of model, built in buf, and
// whether there is one: there is none for an empty name or one longer than
// buf. The normalizer is a value, so buf can stay on the caller's stack.
func startNormalizing(buf []byte, model string) (modelNormalizer, bool) {
	s := modelSegment(model)
	if s == "" || len(s) > len(buf) {
		return modelNormalizer{}, false
	}
	b := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	b = trimBedrockPrefix(b)
	if len(b) >= len("claude") && string(b[:len("claude")]) == "claude" {
		// Anthropic ids have no dots; OpenRouter and others write
		// "claude-3.5-sonnet" for "claude-3-5-sonnet".
		for i, c := range b {
			if c == '.' {
				b[i] = '-'
			}
		}
	}
	n := modelNormalizer{base: -1, step: 1}
	if head, base, ok := cutBedrockVersion(b); ok {
		b, n.base = head, base
	}
	n.name = b
	return n, len(b) > 0
}

// next returns the next, more reduced form, and whether there is one that
// differs from n.
func (n modelNormalizer) next() (modelNormalizer, bool) {
	for n.step < 3 {
		n.step++
		switch n.step {
		case 2:
			if n.base > 0 {
				n.name = n.name[:n.base]
				return n, true
			}
		case 3:
			if m := dateSuffixLen(n.name); m > 0 {
				n.name = n.name[:len(n.name)-m]
				return n, true
			}
		}
	}
	return n, false
}

// trimBedrockPrefix drops the "vendor." of a Bedrock model id
// ("anthropic.claude-...", "meta.llama3-...") and the "region." before it
// of a cross-region inference profile ("us.anthropic.claude-...",
// "global.anthropic.claude-..."). Only known vendors are dropped, so
// dotted model names ("gpt-4.1", "gemini-2.5-pro") are left alone.
func trimBedrockPrefix(b []byte) []byte {
	i := bytes.IndexByte(b, '.')
	if i < 0 {
		return b
	}
	if isBedrockVendor(b[:i]) {
		return b[i+1:]
	}
	if isBedrockRegion(b[:i]) {
		rest := b[i+1:]
		if j := bytes.IndexByte(rest, '.'); j >= 0 && isBedrockVendor(rest[:j]) {
			return rest[j+1:]
		}
	}
	return b
}

func isBedrockVendor(b []byte) bool {
	switch string(b) {
	case "anthropic", "meta", "mistral", "cohere", "amazon", "ai21", "deepseek", "openai", "qwen", "writer":
		return true
	}
	return false
}

func isBedrockRegion(b []byte) bool {
	switch string(b) {
	case "us", "eu", "apac", "global", "us-gov", "jp", "au", "ca":
		return true
	}
	return false
}

// cutBedrockVersion splits the version off a Bedrock id: head is b without
// the ":0" (and any ":200k"-style context variant) after the version, and
// base is the length of head without the version itself ("-v2", or "-1"
// as in "gpt-oss-120b-1:0"). ok is false when b does not end in a Bedrock
// version; a colon elsewhere ("ft:gpt-4o-mini:org::id", "llama3.1:8b") is
// not one.
func cutBedrockVersion(b []byte) (head []byte, base int, ok bool) {
	i := bytes.IndexByte(b, ':')
	if i < 0 {
		return nil, 0, false
	}
	tail := b[i+1:]
	d := 0
	for d < len(tail) && isModelDigit(tail[d]) {
		d++
	}
	if d == 0 {
		return nil, 0, false
	}
	if d < len(tail) {
		variant := tail[d+1:]
		if tail[d] != ':' || len(variant) == 0 || !isModelAlnum(variant) {
			return nil, 0, false
		}
	}
	head = b[:i]
	k := len(head)
	for k > 0 && isModelDigit(head[k-1]) {
		k--
	}
	if k == len(head) {
		return nil, 0, false
	}
	if k > 0 && head[k-1] == 'v' {
		k--
	}
	if k < 2 || head[k-1] != '-' {
		return nil, 0, false
	}
	return head, k - 1, true
}

// dateSuffixLen returns the length of the date suffix that ends b, or 0:
// "@20241022" (Vertex AI), "-2024-08-06" (OpenAI), "-20241022" (Anthropic),
// or, on OpenAI "gpt-" names only, a month and day "-0613". Something must
// be left before the suffix.
func dateSuffixLen(b []byte) int {
	n := len(b)
	switch {
	case n > 9 && b[n-9] == '@' && isModelDate(b[n-8:n-4], b[n-4:n-2], b[n-2:]):
		return 9
	case n > 11 && b[n-11] == '-' && b[n-6] == '-' && b[n-3] == '-' && isModelDate(b[n-10:n-6], b[n-5:n-3], b[n-2:]):
		return 11
	case n > 9 && b[n-9] == '-' && isModelDate(b[n-8:n-4], b[n-4:n-2], b[n-2:]):
		return 9
	case n > 9 && string(b[:4]) == "gpt-" && b[n-5] == '-' && isModelMonthDay(b[n-4:n-2], b[n-2:]):
		return 5
	}
	return 0
}

// isModelDate reports whether year, month and day are digits of a plausible
// date in this century.
func isModelDate(year, month, day []byte) bool {
	return len(year) == 4 && year[0] == '2' && year[1] == '0' && isModelDigit(year[2]) && isModelDigit(year[3]) &&
		isModelMonthDay(month, day)
}

func isModelMonthDay(month, day []byte) bool {
	if len(month) != 2 || len(day) != 2 || !isModelDigit(month[0]) || !isModelDigit(month[1]) || !isModelDigit(day[0]) || !isModelDigit(day[1]) {
		return false
	}
	m := int(month[0]-'0')*10 + int(month[1]-'0')
	d := int(day[0]-'0')*10 + int(day[1]-'0')
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func isModelDigit(c byte) bool { return '0' <= c && c <= '9' }

func isModelAlnum(b []byte) bool {
	for _, c := range b {
		if !isModelDigit(c) && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}
