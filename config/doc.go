/*
Package config holds the one configuration of the Noveum trace SDK.

A Config comes from four sources, each overriding the one before:

 1. the defaults (Default),
 2. a config file in YAML or JSON,
 3. environment variables,
 4. Options passed to Load, such as WithAPIKey.

Load reads them all and validates the result. Every problem is reported at
once in a *ValidationError, each naming the field, the source of the bad
value, the value itself and the fix:

	noveum config: 2 problems:
	  APIKey: not set: set NOVEUM_API_KEY or use WithAPIKey (not needed for a local endpoint such as http://127.0.0.1:4319/api)
	  BatchSize: 5000 (from env NOVEUM_BATCH_SIZE) is out of range: use a value from 1 to 1000

The API key and the redaction key (RedactKey) are secrets. They never
appear in String, GoString, any fmt verb, LogValue, MarshalJSON, MarshalYAML
or an error: only whether they are set.

# Config file

The file named by NOVEUM_CONFIG_FILE is read; it must exist. Without that
variable, the first of noveum-trace.yaml, noveum-trace.yml and
noveum-trace.json present in the working directory is read, and having none
is fine. The extension selects YAML or JSON. Keys are the snake_case names in
the Config struct tags (api_key, batch_size, ...); an unknown key is an
error. Durations are Go duration strings ("5s", "250ms"); sizes are integers
of bytes. A key with no value (null) leaves the default in place.

# Model prices

The prices key of a config file adds or overrides model prices for cost,
in USD per million tokens: a mapping of model name to a mapping of input,
output, cache_read, cache_write and reasoning (all optional; a missing
cache price means the input price, a missing reasoning price the output
price):

	prices:
	  gpt-4o: {input: 2.0, output: 8.0, cache_read: 1.0}
	  acme/finetune-v3: {input: 0.1, output: 0.1}

WithPrices sets them in code, replacing the file's mapping. Prices have no
environment variable. Validate reports an empty model name and every
negative, NaN or infinite price under its own name, such as
Prices["gpt-x"].Input. String and LogValue show only how many models are
priced.

# Environment variables

Variables set to the empty string count as unset. Booleans accept true,
false, 1, 0, yes, no, on and off in any case. Durations are Go duration
strings. Sizes are integers of bytes, optionally followed by KiB, MiB or GiB
("4MiB"); the same suffixes are accepted in a file. A value that does not
parse is reported, never ignored.

NOVEUM_CONFIG_FILE (default: none) - path of the YAML or JSON config file
to read; relative paths start at the working directory.

NOVEUM_API_KEY (default: none) - the API key. Required unless the endpoint
is local or the SDK is disabled.

NOVEUM_PROJECT (default: none) - the Noveum project. Required unless the
endpoint is local or the SDK is disabled.

NOVEUM_ENVIRONMENT (default: "development") - the deployment environment.

NOVEUM_ENDPOINT (default: "https://api.noveum.ai/api") - base URL of the
Noveum API, an absolute http or https URL without query or fragment. Traces
are sent to its path followed by /v1/traces.

NOVEUM_SERVICE_VERSION (default: none) - version of the application.

NOVEUM_TIMEOUT (default: 10s) - limit on one HTTP request, 100ms to 5m.

NOVEUM_BATCH_SIZE (default: 1000) - most traces in one request, 1 to 1000.

NOVEUM_BATCH_MAX_BYTES (default: 4194304, 4MiB) - bound on one uncompressed
request body, 64KiB to 64MiB.

NOVEUM_BATCH_DELAY (default: 2s) - how long complete traces may wait to fill
a request, 0 to 1m.

NOVEUM_TRACE_GRACE (default: 500ms) - how long to wait for late spans after
a trace's local root span ends, 0 to 1m.

NOVEUM_TRACE_MAX_AGE (default: 5m) - age at which a trace whose root span
never ends is sent anyway, 1s to 24h.

NOVEUM_QUEUE_SIZE (default: 8192) - ended spans that may wait for the
exporter goroutine, 1 to 1000000.

NOVEUM_MAX_BUFFER_BYTES (default: 67108864, 64MiB) - memory budget for
pending and in-flight data, 1MiB to 16GiB.

NOVEUM_BLOCKING (default: false) - when true, the exporter's OnEnd waits for
room when its queue or memory budget is full instead of dropping the span
(for batch jobs that must not lose one); by default it never blocks.

NOVEUM_MAX_ATTRIBUTE_BYTES (default: 262144, 256KiB) - longer string
attribute values are truncated, 1KiB to 64MiB.

NOVEUM_MAX_CONTENT_BYTES (default: 65536, 64KiB) - budget of each captured
content attribute, truncated by the llm helpers keeping its JSON valid, 1KiB
to 64MiB; other than 64KiB, at most NOVEUM_MAX_ATTRIBUTE_BYTES (at 64KiB,
the smaller of the two applies).

NOVEUM_RETRY_BUDGET (default: 1m) - total time spent retrying one request,
0 to 1h; 0 never retries.

NOVEUM_COMPRESSION (default: "none") - request body encoding, "none" or
"gzip".

NOVEUM_COMPRESSION_LEVEL (default: 6) - gzip level, 1 (fastest) to 9
(smallest).

NOVEUM_CAPTURE_CONTENT, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT
(default: NO_CONTENT; SPAN_ONLY under noveumtrace.Init) - whether message
content is recorded: NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT
(any case), or a boolean, true meaning SPAN_ONLY. NOVEUM_CAPTURE_CONTENT
wins when both are set.

NOVEUM_SAMPLE_RATE (default: 1.0) - fraction of traces kept, 0 to 1.

NOVEUM_DISABLED (default: false) - turn the SDK into a no-op. A disabled
Config needs no API key or project.

NOVEUM_REDACT (default: true) - remove personal data and secrets from spans
before they are exported (the redact package; see docs/redact.md).

NOVEUM_REDACT_MODE (default: "label") - what replaces a redacted value:
"label" ([REDACTED:EMAIL]) or "pseudonym" (EMAIL_ and 12 hex digits of an
HMAC-SHA256 of the value under NOVEUM_REDACT_KEY).

NOVEUM_REDACT_KEY (default: none) - the pseudonym HMAC key, at least 16
bytes; required for the pseudonym mode when redaction is on. A secret,
never shown.

NOVEUM_REDACT_DETECTORS (default: "all") - the detectors that run: "all",
"none" or a comma-separated list of email, phone, card, ssn, ipv4, ipv6,
iban and secrets (any case).

NOVEUM_REDACT_IDENTITY (default: "keep") - what happens to the identity
attributes the application sets on purpose (user.id, enduser.id,
session.id, gen_ai.conversation.id): "keep" leaves them as they are, so
distinct users stay distinct even when their ids are email addresses;
"pseudonym" replaces each with ID_ and 12 hex digits of an HMAC-SHA256 of
the value under NOVEUM_REDACT_KEY, which it then requires.
*/
package config
