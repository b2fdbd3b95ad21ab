package redact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/redact"
)

// The detector names are config's: every name config accepts parses here,
// and "all" means the same detectors, in the same order, in both places.
func TestDetectorNamesAreConfigs(t *testing.T) {
	var names []string
	for _, d := range redact.AllDetectors() {
		names = append(names, string(d))
	}
	assert.Equal(t, config.RedactDetectorNames, names)
	for _, n := range config.RedactDetectorNames {
		d, err := redact.ParseDetector(n)
		require.NoError(t, err)
		assert.Equal(t, n, string(d))
	}
}

// A key one byte shorter than config's minimum is refused, one of that
// length is accepted: the two packages share the one limit.
func TestKeyLengthIsConfigs(t *testing.T) {
	key := make([]byte, config.MinRedactKeyBytes)
	_, err := redact.NewProcessor(&recorder{}, redact.WithMode(config.RedactModePseudonym), redact.WithKey(key[:len(key)-1]))
	require.ErrorIs(t, err, redact.ErrShortKey)
	p, err := redact.NewProcessor(&recorder{}, redact.WithMode(config.RedactModePseudonym), redact.WithKey(key))
	require.NoError(t, err)
	require.NoError(t, p.Shutdown(t.Context()))
}
