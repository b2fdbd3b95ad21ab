package e2e_test

import (
	"testing"

	"github.com/Noveum/noveum-trace-go/internal/testenv"
)

// cleanEnv gives the test a clean environment (testenv.Clean).
func cleanEnv(t *testing.T) { testenv.Clean(t) }
