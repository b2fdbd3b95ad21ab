package llm

import "github.com/Noveum/noveum-trace-go/internal/errtype"

// ErrorType returns the low-cardinality class of err recorded as error.type:
//
//   - what err (or an error it wraps) returns from an ErrorType() string
//     method, for errors that know their class;
//   - "timeout" for context.DeadlineExceeded and network timeouts, and
//     "canceled" for context.Canceled;
//   - the HTTP status code, as a string, of an error with a StatusCode() int
//     method (the shape of many provider SDK errors);
//   - otherwise the Go type of the first error in the chain that is more
//     than a plain wrapper, such as "*openai.Error", or "_OTHER" when every
//     error in it is an anonymous errors.New or fmt.Errorf value.
//
// It returns "" for a nil err.
func ErrorType(err error) string { return errtype.Of(err) }
