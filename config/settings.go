package config

// DefaultMaxContentBytes is the default budget of each captured content attribute (64 KiB).
const DefaultMaxContentBytes = 64 << 10
