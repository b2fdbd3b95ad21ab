package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// envConfigFile names the config file to read instead of looking in the
// working directory.
const envConfigFile = "NOVEUM_CONFIG_FILE"

// implicitFiles are looked for in the working directory, in this order,
// when NOVEUM_CONFIG_FILE is not set. The first one present is read.
var implicitFiles = []string{"noveum-trace.yaml", "noveum-trace.yml", "noveum-trace.json"}

// Load builds a Config from the defaults, then a config file, then the
// environment, then opts, each overriding the one before, and validates it.
//
// The config file is the one named by NOVEUM_CONFIG_FILE (relative paths are
// relative to the working directory), or else the first of
// noveum-trace.yaml, noveum-trace.yml and noveum-trace.json found in the
// working directory. Environment variables set to the empty string count as
// unset.
//
// When anything is wrong, Load still returns the Config it built, together
// with a *ValidationError listing every problem: values that do not parse
// (which leave the lower-precedence value in place), file errors, and rule
// violations.
func Load(opts ...Option) (Config, error) {
	dir, err := os.Getwd()
	if err != nil {
		dir = "" // relative names then resolve against the process's directory
	}
	return load(os.LookupEnv, dir, opts...)
}

// load is Load with the environment and working directory passed in.
func load(env func(string) (string, bool), dir string, opts ...Option) (Config, error) {
	c := Default()
	ps := loadFile(&c, env, dir)
	ps = append(ps, loadEnv(&c, env)...)
	c = c.With(opts...)
	ps = append(ps, c.problems()...)
	if len(ps) > 0 {
		return c, &ValidationError{Problems: ps}
	}
	return c, nil
}

// lookup returns the trimmed value of an environment variable, and whether
// it is set to something other than blanks.
func lookup(env func(string) (string, bool), name string) (string, bool) {
	v, ok := env(name)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

func loadEnv(c *Config, env func(string) (string, bool)) []Problem {
	var ps []Problem
	for i := range fields {
		if _, p := loadEnvField(c, env, i); p != nil {
			ps = append(ps, *p)
		}
	}
	return ps
}

// loadEnvField sets field i from the first of its variables that is set,
// even when that one is malformed: name is that variable ("" when none is
// set), and p the problem when its value does not parse (c then keeps the
// field's value).
func loadEnvField(c *Config, env func(string) (string, bool), i int) (name string, p *Problem) {
	for _, name := range fields[i].envs {
		v, ok := lookup(env, name)
		if !ok {
			continue
		}
		source := "env " + name
		if bad := fields[i].parse(c, v); bad != nil {
			p := badInput(i, source, v, bad)
			return name, &p
		}
		c.mark(i, source)
		return name, nil
	}
	return "", nil
}

// loadFile finds the config file, if any, and applies it to c.
func loadFile(c *Config, env func(string) (string, bool), dir string) []Problem {
	if name, ok := lookup(env, envConfigFile); ok {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return []Problem{{
				Source: "env " + envConfigFile, Value: strconv.Quote(name), Reason: "names a file that does not exist",
				Fix: "create the file, correct the path, or unset " + envConfigFile,
			}}
		}
		return applyFile(c, name, data, err)
	}
	for _, name := range implicitFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return applyFile(c, name, data, err)
	}
	return nil
}

// applyFile parses the file called name (as the user named it) and sets
// the fields it holds. readErr is the error from reading it, if any.
func applyFile(c *Config, name string, data []byte, readErr error) []Problem {
	source := "file " + name
	if readErr != nil {
		var pe *fs.PathError
		if errors.As(readErr, &pe) {
			readErr = pe.Err
		}
		return []Problem{{Source: source, Reason: "cannot be read (" + readErr.Error() + ")", Fix: "check the path and its permissions"}}
	}
	var (
		entries []entry
		p       *Problem
	)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		entries, p = parseYAML(data)
	case ".json":
		entries, p = parseJSON(data)
	default:
		return []Problem{{Source: source, Reason: "has an unknown extension", Fix: "name it with .yaml, .yml or .json"}}
	}
	if p != nil {
		p.Source = source
		return []Problem{*p}
	}

	var ps []Problem
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		i := fieldForKey(e.key)
		if i < 0 {
			ps = append(ps, Problem{Source: source, Value: strconv.Quote(e.key), Reason: "is not a known key", Fix: suggestKey(e.key)})
			continue
		}
		if seen[e.key] {
			ps = append(ps, Problem{Source: source, Value: strconv.Quote(e.key), Reason: "is set more than once", Fix: "keep one"})
			continue
		}
		seen[e.key] = true
		switch {
		case e.null:
			// "key:" with no value leaves the default in place.
		case fields[i].parseFile != nil:
			v, p := e.fileValue()
			if p != nil {
				p.Field, p.Source = fields[i].name, source
				ps = append(ps, *p)
				continue
			}
			if bad := fields[i].parseFile(c, v, source); len(bad) > 0 {
				ps = append(ps, bad...)
			} else {
				c.mark(i, source)
			}
		case e.nested != "":
			p := Problem{Field: fields[i].name, Source: source, Value: e.nested, Reason: "is not a single value", Fix: "write one value"}
			if fields[i].secret {
				p.Value = redacted
			}
			ps = append(ps, p)
		default:
			v := strings.TrimSpace(e.value)
			if bad := fields[i].parse(c, v); bad != nil {
				ps = append(ps, badInput(i, source, v, bad))
			} else {
				c.mark(i, source)
			}
		}
	}
	return ps
}

func fieldForKey(key string) int {
	for i := range fields {
		if fields[i].key == key {
			return i
		}
	}
	return -1
}

// suggestKey proposes the known key closest to a misspelt one.
func suggestKey(key string) string {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(s))
	}
	best, bestDist := "", 3 // suggest only within two edits
	for i := range fields {
		k := fields[i].key
		if norm(k) == norm(key) {
			best = k
			break
		}
		if d := editDistance(k, strings.ToLower(key)); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return "did you mean " + strconv.Quote(best) + "?"
	}
	keys := make([]string, len(fields))
	for i := range fields {
		keys[i] = fields[i].key
	}
	return "remove it; known keys are " + strings.Join(keys, ", ")
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
