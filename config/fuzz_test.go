package config

import (
	"errors"
	"os"
	"testing"
)

func readFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	return string(data), err
}

// allEnvNames lists every variable Load reads.
func allEnvNames() []string {
	names := []string{envConfigFile}
	for i := range fields {
		names = append(names, fields[i].envs...)
	}
	return names
}

// FuzzLoadEnv sets one variable to arbitrary text, or all of them, and
// checks that loading never panics and fails only with a *ValidationError
// whose every line names its source.
func FuzzLoadEnv(f *testing.F) {
	for _, seed := range []string{"", "abc", "10s", "-1", "1e309", "NaN", "9223372036854775807GiB", "-9223372036854775808",
		"TRUE", "span_only", "4 MiB", "KiB", "\x00", "\xff\xfe", "http://[::1", "1h\n"} {
		f.Add(uint8(0), seed)
	}
	names := allEnvNames()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		vars := map[string]string{}
		if int(which) < len(names) {
			vars[names[which]] = value
		} else {
			for _, name := range names {
				if name != envConfigFile {
					vars[name] = value
				}
			}
		}
		c, err := load(env(vars), dir)
		if err == nil {
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Fatalf("want a *ValidationError with problems, got %T %v", err, err)
		}
		for _, p := range ve.Problems {
			if p.Reason == "" || (p.Field == "" && p.Source == "") {
				t.Fatalf("problem without reason or subject: %#v", p)
			}
		}
		_ = c.String()
		_ = c.Validate()
	})
}

// FuzzLoadFile feeds arbitrary bytes as a YAML and as a JSON config file.
func FuzzLoadFile(f *testing.F) {
	f.Add([]byte(allKeysYAML))
	f.Add([]byte(allKeysJSON))
	f.Add([]byte("a: &a [*a]"))
	f.Add([]byte(`{"timeout": {"x": [1, null]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"noveum-trace.yaml", "noveum-trace.json"} {
			var c Config
			ps := applyFile(&c, name, data, nil)
			for _, p := range ps {
				if p.Reason == "" {
					t.Fatalf("problem without reason: %#v", p)
				}
			}
		}
	})
}
