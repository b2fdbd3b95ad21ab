package redact

// Kind is the kind of personal data or secret a detector finds; it names
// the label of a replacement ([REDACTED:EMAIL]) and the prefix of a
// pseudonym (EMAIL_3f2a...). User rules bring their own kinds.
type Kind string

// Kinds of the built-in detectors.
const (
	KindEmail  Kind = "EMAIL"
	KindPhone  Kind = "PHONE"
	KindCard   Kind = "CARD"
	KindSSN    Kind = "SSN"
	KindIPv4   Kind = "IPV4"
	KindIPv6   Kind = "IPV6"
	KindIBAN   Kind = "IBAN"
	KindSecret Kind = "SECRET"
	// KindID is an identity attribute (user.id, session.id, ...)
	// pseudonymised under config.RedactIdentityPseudonym.
	KindID Kind = "ID"
)

// match is one finding in a string: bytes [start, end) are of kind k.
type match struct {
	start, end int
	kind       Kind
}

// finder finds personal data and secrets in a string. find appends the
// matches of s to dst, sorted by start and not overlapping, and returns
// dst; it must be safe for concurrent use and must not allocate when it
// finds nothing.
type finder interface {
	find(s string, dst []match) []match
}
