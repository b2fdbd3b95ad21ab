package semconv

import "go.opentelemetry.io/otel/attribute"

// General OpenTelemetry keys (not GenAI-specific) that this SDK writes or
// reads. Each has a constructor of the same name without the Key suffix.
const (
	// ServerAddressKey is the GenAI server's address (host name or IP),
	// behind any proxy when known.
	ServerAddressKey attribute.Key = "server.address"
	// ServerPortKey is the GenAI server's port.
	ServerPortKey attribute.Key = "server.port"
	// ErrorTypeKey is the low-cardinality class of the error an operation
	// ended with: an exception type name, an HTTP status code, a provider's
	// error code, or [ErrorTypeOther].
	ErrorTypeKey attribute.Key = "error.type"
	// UserIDKey identifies the end user a request is made for.
	UserIDKey attribute.Key = "user.id"
	// EnduserIDKey identifies the end user in the older OpenTelemetry
	// convention, still written by some instrumentations; [UserIDKey] is
	// the key this SDK writes. The redactor treats both as identities.
	EnduserIDKey attribute.Key = "enduser.id"
	// SessionIDKey identifies the user's session.
	SessionIDKey attribute.Key = "session.id"
	// ServiceNameKey is the resource's logical service name.
	ServiceNameKey attribute.Key = "service.name"
	// ServiceVersionKey is the resource's service version.
	ServiceVersionKey attribute.Key = "service.version"
	// DeploymentEnvironmentNameKey names the deployment environment of the
	// service (production, staging, ...), a resource attribute.
	DeploymentEnvironmentNameKey attribute.Key = "deployment.environment.name"
	// ExceptionTypeKey is the type of the exception recorded by an exception
	// event (an error's type name).
	ExceptionTypeKey attribute.Key = "exception.type"
	// ExceptionMessageKey is the message of the exception recorded by an
	// exception event.
	ExceptionMessageKey attribute.Key = "exception.message"
	// ExceptionStacktraceKey is the stack trace of the exception recorded by
	// an exception event.
	ExceptionStacktraceKey attribute.Key = "exception.stacktrace"
)

// ErrorTypeOther is the value of [ErrorTypeKey] for an error that has no
// more specific low-cardinality class.
const ErrorTypeOther = "_OTHER"

// ServerAddress returns the server's address, for [ServerAddressKey].
func ServerAddress(v string) attribute.KeyValue { return ServerAddressKey.String(v) }

// ServerPort returns the server's port, for [ServerPortKey].
func ServerPort(v int) attribute.KeyValue { return ServerPortKey.Int(v) }

// ErrorType returns the class of an error, for [ErrorTypeKey].
func ErrorType(v string) attribute.KeyValue { return ErrorTypeKey.String(v) }

// UserID returns the end user's identifier, for [UserIDKey].
func UserID(v string) attribute.KeyValue { return UserIDKey.String(v) }

// EnduserID returns the end user's identifier in the older convention, for
// [EnduserIDKey].
func EnduserID(v string) attribute.KeyValue { return EnduserIDKey.String(v) }

// SessionID returns the session's identifier, for [SessionIDKey].
func SessionID(v string) attribute.KeyValue { return SessionIDKey.String(v) }

// ServiceName returns the service name, for [ServiceNameKey].
func ServiceName(v string) attribute.KeyValue { return ServiceNameKey.String(v) }

// ServiceVersion returns the service version, for [ServiceVersionKey].
func ServiceVersion(v string) attribute.KeyValue { return ServiceVersionKey.String(v) }

// DeploymentEnvironmentName returns the deployment environment, for
// [DeploymentEnvironmentNameKey].
func DeploymentEnvironmentName(v string) attribute.KeyValue {
	return DeploymentEnvironmentNameKey.String(v)
}

// ExceptionType returns an exception's type, for [ExceptionTypeKey].
func ExceptionType(v string) attribute.KeyValue { return ExceptionTypeKey.String(v) }

// ExceptionMessage returns an exception's message, for [ExceptionMessageKey].
func ExceptionMessage(v string) attribute.KeyValue { return ExceptionMessageKey.String(v) }

// ExceptionStacktrace returns an exception's stack trace, for
// [ExceptionStacktraceKey].
func ExceptionStacktrace(v string) attribute.KeyValue { return ExceptionStacktraceKey.String(v) }
